/**
 * The connector's log output. Fields are plain data; a host decides where
 * lines go (a file, the console, nowhere). Every logger the connector uses is
 * wrapped by `redactingLogger`, so no sink ever sees a key or a secret.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void;
}

export const silentLogger: Logger = { log: () => undefined };

/** One JSON line per entry on stderr. */
export function consoleLogger(now: () => number): Logger {
  return {
    log: (level, message, fields) => {
      console.error(JSON.stringify({ at: new Date(now()).toISOString(), level, message, ...(fields ?? {}) }));
    },
  };
}
