/**
 * Digit grouping shared by decimals and counts. Works on digit strings, not
 * on numbers, so a 20-digit quantity is grouped exactly as written.
 */
export const THOUSANDS_SEPARATOR = ',';

/** "1234567" -> "1,234,567"; expects the unsigned integer digits only. */
export function groupDigits(digits: string, separator: string = THOUSANDS_SEPARATOR): string {
  if (digits.length <= 3) return digits;
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += separator + digits.slice(i, i + 3);
  return out;
}

/** A whole count (rows, fills): grouped; anything else is shown as written. */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  return n < 0 ? `-${groupDigits(String(-n))}` : groupDigits(String(n));
}
