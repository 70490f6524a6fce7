import type { GroupStatus } from '../../../core/domain';
import type { Tone } from '../format/labels';

/** Colour tones (components.css) for the panels' own statuses; orders use format/labels.ts. */
const GROUP_TONES: Readonly<Record<GroupStatus, Tone>> = {
  PENDING: 'pending',
  ACTIVE: 'live',
  COMPLETED: 'done',
  CANCELLED: 'cancel',
  FAILED: 'bad',
  PARTIAL: 'cancel',
};

export const groupTone = (status: GroupStatus): Tone => GROUP_TONES[status];

export function connectionTone(state: string): Tone {
  if (state === 'CONNECTED' || state === 'open') return 'done';
  if (state === 'CONNECTING' || state === 'RECONNECTING' || state === 'connecting' || state === 'reconnecting') return 'pending';
  return 'bad';
}

/** A DOM id safe for aria-describedby, from a prefix and a field name. */
export const fieldId = (form: string, field: string) => `${form}-${field}`;
