import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Client } from '../../core/api/client';
import type { Contract } from '../../core/api/contract';
import type { DesktopContract } from '../../core/api/desktop-contract';
import type { Desk, DeskStore } from './store/desk-store';

/** What every panel reaches: the store (state + commands with busy tracking) and the typed client. */
export interface DeskContextValue {
  readonly store: DeskStore;
  readonly client: Client<Contract>;
  /** The desktop app's own settings commands; null in the web mode (it takes the venue from flags and environment). */
  readonly desktop?: Client<DesktopContract> | null;
}

export const DeskContext = createContext<DeskContextValue | null>(null);

function useDeskContext(): DeskContextValue {
  const value = useContext(DeskContext);
  if (!value) throw new Error('DeskContext is not provided');
  return value;
}

/** A slice of the store; select primitives or stable references (zustand compares with Object.is). */
export function useDesk<T>(selector: (desk: Desk) => T): T {
  return useStore(useDeskContext().store, selector);
}

export function useClient(): Client<Contract> {
  return useDeskContext().client;
}

export function useDesktopClient(): Client<DesktopContract> | null {
  return useDeskContext().desktop ?? null;
}

export function useDeskStore(): DeskStore {
  return useDeskContext().store;
}
