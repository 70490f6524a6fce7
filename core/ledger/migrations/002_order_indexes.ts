import type { Migration } from './migration';

/**
 * Orders indexed by group and by plan alone, without status: SQLite rewrites
 * every index holding a column an UPDATE sets, so each status change (a bulk
 * cancel makes a thousand) rewrote both; only the small orders_live index
 * follows status now. Reads by group or plan filter status on the group's
 * or plan's rows, which these indexes also give in rowid order (the pages'
 * and snapshot's ORDER BY rowid without a sort).
 */
export const orderIndexes: Migration = {
  version: 2,
  name: 'order indexes without status',
  up: (db) => {
    db.exec(`
      DROP INDEX orders_by_group;
      DROP INDEX orders_by_plan;
      CREATE INDEX orders_by_group ON orders(parent_group_id);
      CREATE INDEX orders_by_plan ON orders(parent_plan_id);
    `);
  },
};
