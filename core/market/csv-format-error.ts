/** Which check a CSV row failed. */
export type CsvRule =
  /** The file has no data rows. */
  | 'empty'
  /** The first line matches none of the accepted layouts. */
  | 'format'
  /** A row has more or fewer fields than the layout. */
  | 'field-count'
  | 'decimal'
  | 'integer'
  | 'time'
  /** Prices must be > 0. */
  | 'positive'
  /** Volumes and counts must be >= 0. */
  | 'non-negative'
  | 'high>=low'
  | 'high>=open'
  | 'high>=close'
  | 'low<=open'
  | 'low<=close'
  | 'increasing-time';

/**
 * A CSV that cannot be read as candles. `line` is 1-based and counts the
 * header; `field` is the column's name in the file (or in the layout, for
 * files without a header). Messages name both, e.g.
 * "line 17, field 'high': 'abc' is not a decimal number".
 */
export class CsvFormatError extends Error {
  readonly code = 'CSV_FORMAT';
  readonly line: number;
  readonly field: string;
  readonly rule: CsvRule;

  constructor(line: number, field: string, rule: CsvRule, detail: string) {
    super(`line ${line}, field '${field}': ${detail}`);
    this.name = 'CsvFormatError';
    this.line = line;
    this.field = field;
    this.rule = rule;
  }
}
