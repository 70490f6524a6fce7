import { useMemo } from 'react';
import { useDesk } from '../desk-context';
import type { LedgerState } from '../store/ledger-state';

/** Derived data, recomputed only when the ledger copy (or a dependency) changes. */
export function useLedgerMemo<T>(derive: (ledger: LedgerState) => T, fallback: T, deps: readonly unknown[] = []): T {
  const ledger = useDesk((d) => d.ledger);
  // `derive` is a module-level function; `deps` carries anything else it reads.
  return useMemo(() => (ledger ? derive(ledger) : fallback), [ledger, ...deps]);
}

/** The random tail of a ledger id ("TPL_20260105_093000_x7k2p" -> "x7k2p"): enough to tell rows apart. */
export function shortId(id: string): string {
  return id.slice(id.lastIndexOf('_') + 1);
}
