import { z } from 'zod';
import type { LedgerContext } from '../ledger/context';

/**
 * The chain of ids behind a ledger entity: directive -> command -> plan ->
 * group -> order -> fill. The ledger gives the containment (fill -> order ->
 * group -> plan); the journal gives the directives and commands recorded
 * against the entity (for a fill: the fill or its order; for a group: the
 * group or any of its orders).
 */
export const CausalityViewSchema = z
  .object({
    directive_ids: z.array(z.string()),
    command_ids: z.array(z.string()),
    plan_id: z.string().nullable(),
    group_id: z.string().nullable(),
    order_id: z.string().nullable(),
    fill_id: z.string().nullable(),
  })
  .strict();
export type CausalityView = z.output<typeof CausalityViewSchema>;

export type CausalityRef = { readonly orderId: string } | { readonly fillId: string } | { readonly groupId: string };

interface Chain {
  plan_id: string | null;
  group_id: string | null;
  order_id: string | null;
  fill_id: string | null;
}

const FILL = `SELECT parent_plan_id AS plan_id, parent_group_id AS group_id, parent_order_id AS order_id, fill_id
  FROM fills WHERE fill_id = ?`;
const ORDER = `SELECT parent_plan_id AS plan_id, parent_group_id AS group_id, order_id, NULL AS fill_id
  FROM orders WHERE order_id = ?`;
const GROUP = `SELECT parent_plan_id AS plan_id, group_id, NULL AS order_id, NULL AS fill_id
  FROM exec_groups WHERE group_id = ?`;

const CAUSES_OF_FILL = `SELECT directive_id, command_id FROM journal WHERE (fill_id = ? OR order_id = ?)
  AND (directive_id IS NOT NULL OR command_id IS NOT NULL) ORDER BY entry_id`;
const CAUSES_OF_ORDER = `SELECT directive_id, command_id FROM journal WHERE order_id = ?
  AND (directive_id IS NOT NULL OR command_id IS NOT NULL) ORDER BY entry_id`;
const CAUSES_OF_GROUP = `SELECT directive_id, command_id FROM journal
  WHERE (group_id = ? OR order_id IN (SELECT order_id FROM orders WHERE parent_group_id = ?))
  AND (directive_id IS NOT NULL OR command_id IS NOT NULL) ORDER BY entry_id`;

/** Undefined when the entity is not in the ledger. */
export function causalityOf(ctx: LedgerContext, ref: CausalityRef): CausalityView | undefined {
  let chain: Chain | undefined;
  let causes: { directive_id: string | null; command_id: string | null }[];
  if ('fillId' in ref) {
    chain = ctx.sql.get(FILL).get(ref.fillId) as Chain | undefined;
    causes = chain ? (ctx.sql.get(CAUSES_OF_FILL).all(ref.fillId, chain.order_id) as typeof causes) : [];
  } else if ('orderId' in ref) {
    chain = ctx.sql.get(ORDER).get(ref.orderId) as Chain | undefined;
    causes = chain ? (ctx.sql.get(CAUSES_OF_ORDER).all(ref.orderId) as typeof causes) : [];
  } else {
    chain = ctx.sql.get(GROUP).get(ref.groupId) as Chain | undefined;
    causes = chain ? (ctx.sql.get(CAUSES_OF_GROUP).all(ref.groupId, ref.groupId) as typeof causes) : [];
  }
  if (chain === undefined) return undefined;
  const distinct = (ids: (string | null)[]) => [...new Set(ids.filter((i): i is string => i !== null))];
  return {
    directive_ids: distinct(causes.map((c) => c.directive_id)),
    command_ids: distinct(causes.map((c) => c.command_id)),
    ...chain,
  };
}
