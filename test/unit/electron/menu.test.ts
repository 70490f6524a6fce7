import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../../../core/api/bridge';
import { buildMenuTemplate } from '../../../electron/menu';

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

describe('application menu', () => {
  it('has the two cancel entries with their accelerators, and they only notify the renderer', () => {
    const sent: MenuCommand[] = [];
    const all = items(buildMenuTemplate({ platform: 'linux', isDev: false, send: (c) => sent.push(c) }));
    const cancelPlan = all.find((i) => i.label === 'Cancel all in plan');
    const cancelAll = all.find((i) => i.label === 'Cancel everything');
    expect(cancelPlan?.accelerator).toBe('CmdOrCtrl+Shift+X');
    expect(cancelAll?.accelerator).toBe('CmdOrCtrl+Shift+Backspace');
    const click = (item: MenuItemConstructorOptions | undefined) =>
      (item?.click as (() => void) | undefined)?.();
    click(cancelPlan);
    click(cancelAll);
    expect(sent).toEqual(['cancelAllInPlan', 'cancelEverything']);
  });

  it('offers reload and devtools only in development, and the app menu only on macOS', () => {
    const roles = (platform: string, isDev: boolean) =>
      items(buildMenuTemplate({ platform, isDev, send: () => {} })).map((i) => i.role).filter(Boolean);
    expect(roles('linux', false)).not.toContain('toggleDevTools');
    expect(roles('linux', false)).not.toContain('reload');
    expect(roles('linux', true)).toContain('toggleDevTools');
    expect(roles('darwin', false)).toContain('appMenu');
    expect(roles('win32', false)).not.toContain('appMenu');
  });
});
