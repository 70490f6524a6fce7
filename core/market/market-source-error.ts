export type MarketSourceErrorCode =
  /** Source options that cannot describe a market (missing start price, negative volatility, ...). */
  | 'INVALID_MARKET_CONFIG'
  /** A descriptor that does not parse or does not fit its data (position past the end of the file). */
  | 'INVALID_DESCRIPTOR'
  /** next() asked for a symbol the source does not carry. */
  | 'UNKNOWN_SYMBOL';

export class MarketSourceError extends Error {
  readonly code: MarketSourceErrorCode;

  constructor(code: MarketSourceErrorCode, message: string) {
    super(message);
    this.name = 'MarketSourceError';
    this.code = code;
  }
}

/** The first zod issue as "path: message", for error messages that point at the bad option. */
export function firstIssue(error: { readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[] }): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  const path = issue.path.map(String).join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}
