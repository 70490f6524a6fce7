import { COMMAND_NAME_PATTERN, RESERVED_NAMES } from './define';

/**
 * The Electron preload bridge, shared by electron/ (preload, ipc, main) and
 * the renderer's Electron transport. Kept free of zod so the sandboxed
 * preload bundle stays small.
 *
 * Command channels are 'ledgerdesk:' + command name; the stream and menu
 * channels contain a '.', which no command name can, so they never collide.
 */
export const BRIDGE_KEY = 'ledgerdesk';
export const commandChannel = (name: string): string => `ledgerdesk:${name}`;
export const SUBSCRIBE_CHANNEL = 'ledgerdesk:stream.subscribe';
export const UNSUBSCRIBE_CHANNEL = 'ledgerdesk:stream.unsubscribe';
export const EVENT_CHANNEL = 'ledgerdesk:stream.event';
export const MENU_CHANNEL = 'ledgerdesk:menu.command';
export const STATUS_WATCH_CHANNEL = 'ledgerdesk:status.watch';
export const STATUS_UNWATCH_CHANNEL = 'ledgerdesk:status.unwatch';
export const STATUS_CHANNEL = 'ledgerdesk:status.push';

/** Menu entries the main process forwards; the renderer knows the selected plan and acts. */
export const MENU_COMMANDS = ['cancelAllInPlan', 'cancelEverything'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

/** What `window.ledgerdesk` holds: one `(payload) => Promise<wire ApiResult>` per command, plus these. */
export interface BridgeCore {
  subscribe(fromSeq: number, onMessage: (message: unknown) => void, onError?: (error: unknown) => void): () => void;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** The host's status as wire JSON: the current value first, then each change. */
  onStatus(listener: (status: unknown) => void): () => void;
}
export type Bridge = BridgeCore & { readonly [command: string]: unknown };

/**
 * The preload learns the command names from the main process through
 * webPreferences.additionalArguments (sandboxed preloads see process.argv),
 * so it needs no copy of the contract.
 */
export const COMMANDS_ARG_PREFIX = '--ledgerdesk-commands=';

export function encodeCommandNamesArg(names: readonly string[]): string {
  return COMMANDS_ARG_PREFIX + names.join(',');
}

export function decodeCommandNamesArg(argv: readonly string[]): string[] {
  const arg = argv.find((a) => a.startsWith(COMMANDS_ARG_PREFIX));
  if (arg === undefined) return [];
  const names = arg.slice(COMMANDS_ARG_PREFIX.length).split(',');
  return names.filter((n) => COMMAND_NAME_PATTERN.test(n) && !RESERVED_NAMES.has(n));
}
