/**
 * Candle times as found in exports, to epoch ms UTC:
 * - date-times: `2023-03-01 00:00:00+00:00`, `2023-03-01T00:00:00.000Z`,
 *   `2023-03-01T00:00`, `2023-03-01` (no zone means UTC);
 * - epoch integers, unit by magnitude: < 1e11 seconds (Kraken), < 1e14
 *   milliseconds (Binance before 2025), otherwise microseconds (Binance spot
 *   from 2025). Magnitude decides per value, so a file that concatenates
 *   months from both sides of Binance's switch still reads correctly.
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?$/i;
const EPOCH = /^\d{1,17}$/;

export const TIME_EXPECTED = 'a date-time like 2023-03-01 00:00:00+00:00 or epoch seconds/ms/µs';

/** Epoch ms, or undefined when the text is not a time this importer accepts. */
export function parseTimeText(text: string): number | undefined {
  if (EPOCH.test(text)) {
    const value = Number(text);
    if (value < 1e11) return value * 1000;
    if (value < 1e14) return value;
    return Number(text.slice(0, -3)); // microseconds: drop the last three digits exactly
  }
  const m = DATE_TIME.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  // Date.UTC would roll 2023-02-30 over to March: check the calendar first.
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (m[9] === undefined) return local;
  const offsetHours = Number(m[10]);
  const offsetMinutes = Number(m[11] ?? 0);
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  const offsetMs = (offsetHours * 60 + offsetMinutes) * 60_000;
  return m[9] === '+' ? local - offsetMs : local + offsetMs;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
