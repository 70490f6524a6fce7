import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../core/api/bridge';

export const MENU_ACCELERATORS: Readonly<Record<MenuCommand, string>> = {
  cancelAllInPlan: 'CmdOrCtrl+Shift+X',
  cancelEverything: 'CmdOrCtrl+Shift+Backspace',
};

/**
 * The application menu. The two cancel entries only tell the renderer: it
 * knows which plan is selected and sends the same contract command a click
 * would (no confirmation dialog), so there is one cancel path.
 */
export function buildMenuTemplate(options: {
  readonly platform: string;
  readonly isDev: boolean;
  readonly send: (command: MenuCommand) => void;
}): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (options.isDev) view.unshift({ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' });
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    { label: 'File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'Trading',
      submenu: [
        { label: 'Cancel all in plan', accelerator: MENU_ACCELERATORS.cancelAllInPlan, click: () => options.send('cancelAllInPlan') },
        { label: 'Cancel everything', accelerator: MENU_ACCELERATORS.cancelEverything, click: () => options.send('cancelEverything') },
      ],
    },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
}
