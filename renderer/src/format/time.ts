/**
 * Times on screen are UTC, like every time in the ledger: HH:MM:SS in the
 * cells, the full instant (with milliseconds) in tooltips.
 */
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function instant(value: Date | number): Date | undefined {
  const d = typeof value === 'number' ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function formatUtcTime(value: Date | number): string {
  const d = instant(value);
  if (!d) return '--:--:--';
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** "2023-03-10 14:30:22.123 UTC" */
export function formatUtcDateTime(value: Date | number): string {
  const d = instant(value);
  if (!d) return 'invalid time';
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${date} ${formatUtcTime(d)}.${pad(d.getUTCMilliseconds(), 3)} UTC`;
}
