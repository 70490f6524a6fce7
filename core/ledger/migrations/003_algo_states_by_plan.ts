import type { Migration } from './migration';

/**
 * Algorithm states indexed by plan: a plan's snapshot carries its finished
 * groups' states too (their spec holds the arrival price a view compares
 * the fills with), read through this index instead of a scan.
 */
export const algoStatesByPlan: Migration = {
  version: 3,
  name: 'algo states by plan',
  up: (db) => {
    db.exec('CREATE INDEX algo_states_by_plan ON algo_states(plan_id);');
  },
};
