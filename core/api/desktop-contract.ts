import { z } from 'zod';
import { LiveVenueConfigSchema } from '../connectors/live/options';
import { defineContract } from './define';

/** An API key or secret as pasted: no surrounding blanks (a stray newline would fail every signature). */
const credential = (name: string) =>
  z
    .string()
    .min(1, { message: `${name} is required` })
    .max(512, { message: `${name} is too long` })
    .regex(/^\S+$/, { message: `${name} cannot contain spaces or line breaks` });

/** What the desktop app's settings show of the live venue: never the keys, only whether both are stored. */
export const LiveSettingsViewSchema = z.object({ venue: LiveVenueConfigSchema.nullable(), keysStored: z.boolean() }).strict();

export const SaveLiveSettingsSchema = z.object({ venue: LiveVenueConfigSchema, apiKey: credential('API key'), secret: credential('secret') }).strict();

/**
 * The desktop app's own commands, beside the trading contract and over the
 * same checked IPC: the live venue (live.json in userData) and its keys (the
 * OS keychain through safeStorage), which the main process keeps and reads
 * when it starts. The web mode has none: it takes the venue from its flags
 * and the keys from its environment.
 */
export const desktopContract = defineContract({
  commands: {
    liveSettings: { input: z.object({}).strict().optional(), output: LiveSettingsViewSchema },
    // Takes effect at the next start: the engine opens its connector once.
    saveLiveSettings: { input: SaveLiveSettingsSchema, output: z.object({ restartRequired: z.literal(true) }).strict() },
  },
  event: z.never(),
});

export type DesktopContract = typeof desktopContract;
