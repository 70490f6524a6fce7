import type { OrderStatus } from '../../../core/domain';

/**
 * Words and colour tones for enum values. A tone is a CSS modifier
 * (components.css), so a status's colour is chosen in one place.
 */
export type Tone = 'live' | 'pending' | 'done' | 'muted' | 'bad' | 'info' | 'fill' | 'cancel' | 'alert';

const ORDER_STATUS_TONES: Readonly<Record<OrderStatus, Tone>> = {
  PENDING_SUBMIT: 'pending',
  OPEN: 'live',
  PARTIALLY_FILLED: 'live',
  FILLED: 'done',
  PENDING_CANCEL: 'pending',
  CANCELED: 'muted',
  REJECTED: 'bad',
  EXPIRED: 'muted',
  UNKNOWN: 'bad',
};

export function orderStatusTone(status: OrderStatus): Tone {
  return ORDER_STATUS_TONES[status];
}

/** "PARTIALLY_FILLED" -> "partially filled". */
export function humanize(code: string): string {
  return code.toLowerCase().replace(/_+/g, ' ');
}

/** Journal kinds are open-ended strings; unknown ones read as information. */
export function timelineKindTone(kind: string): Tone {
  if (kind === 'FILL') return 'fill';
  if (kind === 'ANOMALY' || kind === 'ILLEGAL_TRANSITION' || kind === 'CANCEL_FAILED' || kind === 'CANCEL_UNKNOWN' || kind.endsWith('_REFUSED')) {
    return 'alert';
  }
  if (kind.startsWith('CANCEL_')) return 'cancel';
  return 'info';
}

const ANOMALY_TITLES: Readonly<Record<string, string>> = {
  LATE_FILL: 'Late fill after cancel',
  OVERFILL: 'Overfill',
  RECOVERED_GROUP: 'Recovered group waiting for resume or halt',
  RECOVERY_UNRESOLVED: 'Order unresolved after restart',
};

export function anomalyTitle(kind: string): string {
  const known = ANOMALY_TITLES[kind];
  if (known) return known;
  const words = humanize(kind);
  return words.charAt(0).toUpperCase() + words.slice(1);
}
