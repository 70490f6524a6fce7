import type { LedgerContext } from '../ledger/context';
import { parseInput } from '../ledger/errors';
import { appendJournal } from './append';
import { causalityOf, type CausalityRef, type CausalityView } from './causality';
import { JournalRecordInputSchema, type JournalEntryViewWire } from './entry';
import { timelineForGroup, timelineForOrder, type TimelineEntryWire } from './timeline';

/** Runs a function in a ledger transaction (nested calls become savepoints). */
export type RunInTransaction = <T>(fn: () => T) => T;

interface EntryRow extends Omit<JournalEntryViewWire, 'data'> {
  data: string | null;
}

const ENTRIES = `SELECT * FROM journal WHERE
  (@plan IS NULL OR plan_id = @plan) AND (@group IS NULL OR group_id = @group) AND (@order IS NULL OR order_id = @order)
  AND (@directive IS NULL OR directive_id = @directive) AND (@command IS NULL OR command_id = @command)
  ORDER BY entry_id DESC LIMIT @limit`;

export interface JournalFilter {
  readonly planId?: string;
  readonly groupId?: string;
  readonly orderId?: string;
  readonly directiveId?: string;
  readonly commandId?: string;
  readonly limit?: number;
}

/**
 * StrategyJournal: causality and history, in the ledger's database and
 * written in the ledger's transactions (a record made inside
 * `ledger.transaction` commits or rolls back with the changes it describes).
 * The ledger's tables hold no causality; this is where it lives.
 */
export class Journal {
  constructor(
    private readonly ctx: LedgerContext,
    private readonly write: RunInTransaction,
    private readonly read: RunInTransaction,
  ) {}

  record(input: unknown): JournalEntryViewWire {
    const r = parseInput(JournalRecordInputSchema, input, 'journal.record');
    return this.write(() => appendJournal(this.ctx, r, this.ctx.nowIso()));
  }

  timelineForOrder(orderId: string): TimelineEntryWire[] {
    return this.read(() => timelineForOrder(this.ctx, orderId));
  }

  timelineForGroup(groupId: string): TimelineEntryWire[] {
    return this.read(() => timelineForGroup(this.ctx, groupId));
  }

  causalityOf(ref: CausalityRef): CausalityView | undefined {
    return this.read(() => causalityOf(this.ctx, ref));
  }

  /** Newest first. */
  entries(filter: JournalFilter = {}): JournalEntryViewWire[] {
    const rows = this.ctx.sql
      .get(ENTRIES)
      .all({
        plan: filter.planId ?? null,
        group: filter.groupId ?? null,
        order: filter.orderId ?? null,
        directive: filter.directiveId ?? null,
        command: filter.commandId ?? null,
        limit: filter.limit ?? 500,
      }) as EntryRow[];
    return rows.map((r) => ({ ...r, data: r.data === null ? null : (JSON.parse(r.data) as JournalEntryViewWire['data']) }));
  }
}
