import { appendJournal } from '../journal/append';
import type { Cause } from '../journal/entry';
import type { LedgerContext } from './context';
import type { EntityRefs } from './errors';

/** The ledger's own journal records: what happened, to which entities, caused by what. */
export function note(
  ctx: LedgerContext,
  kind: string,
  refs: EntityRefs,
  message: string,
  at: string,
  options: { cause?: Cause | undefined; data?: Record<string, string | number | boolean | null | string[]> } = {},
): void {
  appendJournal(
    ctx,
    {
      kind,
      message,
      ...refs,
      ...(options.cause ?? {}),
      ...(options.data === undefined ? {} : { data: options.data }),
    },
    at,
  );
}
