export { Journal, type JournalFilter, type RunInTransaction } from './journal';
export {
  JournalKind,
  LEDGER_JOURNAL_KINDS,
  JournalRecordInputSchema,
  JournalEntryViewSchema,
  CauseSchema,
  type Cause,
  type JournalRecordInput,
  type JournalEntryView,
  type JournalEntryViewWire,
} from './entry';
export { TimelineEntrySchema, type TimelineEntryWire } from './timeline';
export { CausalityViewSchema, type CausalityView, type CausalityRef } from './causality';
