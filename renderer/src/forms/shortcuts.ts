/**
 * The emergency keyboard shortcuts, matching the desktop menu's
 * accelerators (electron/menu.ts): Ctrl/Cmd+Shift+X cancels all in the
 * selected plan, Ctrl/Cmd+Shift+Backspace cancels everything.
 */
export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

export type Shortcut = 'cancelAllInPlan' | 'cancelEverything';

export function shortcutOf(e: KeyLike): Shortcut | null {
  if (!(e.ctrlKey || e.metaKey) || !e.shiftKey || e.altKey) return null;
  if (e.key.toLowerCase() === 'x') return 'cancelAllInPlan';
  if (e.key === 'Backspace') return 'cancelEverything';
  return null;
}
