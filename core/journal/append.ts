import type { LedgerContext } from '../ledger/context';
import type { JournalEntryViewWire, JournalRecord } from './entry';

const INSERT = `INSERT INTO journal
  (kind, directive_id, command_id, plan_id, group_id, order_id, fill_id, message, data, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Append one journal record inside the caller's transaction, with its outbox event. */
export function appendJournal(ctx: LedgerContext, r: JournalRecord, at: string): JournalEntryViewWire {
  const data = r.data === undefined ? null : JSON.stringify(r.data);
  const entry: JournalEntryViewWire = {
    entry_id: 0,
    kind: r.kind,
    directive_id: r.directiveId ?? null,
    command_id: r.commandId ?? null,
    plan_id: r.planId ?? null,
    group_id: r.groupId ?? null,
    order_id: r.orderId ?? null,
    fill_id: r.fillId ?? null,
    message: r.message,
    data: r.data ?? null,
    created_at: at,
  };
  // direct: the journal is none of the write cache's tables, so the fill path appends without flushing it.
  const info = ctx.sql
    .direct(INSERT)
    .run(
      entry.kind,
      entry.directive_id,
      entry.command_id,
      entry.plan_id,
      entry.group_id,
      entry.order_id,
      entry.fill_id,
      entry.message,
      data,
      at,
    );
  entry.entry_id = Number(info.lastInsertRowid);
  ctx.outbox.emit('journal', String(entry.entry_id), entry, at);
  return entry;
}
