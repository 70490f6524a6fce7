import type { GroupStatus } from '../domain';
import type { GroupView, Ledger } from '../ledger';

const TERMINAL: ReadonlySet<GroupStatus> = new Set<GroupStatus>(['COMPLETED', 'CANCELLED', 'FAILED', 'PARTIAL']);

export function isTerminalStatus(status: GroupStatus): boolean {
  return TERMINAL.has(status);
}

/**
 * Waits for groups to reach a terminal state through the ledger's committed
 * change events: no polling, no sleeping. Subscribed before the batch runs
 * anything; a group asked for after it ended is answered from the ledger,
 * and since events are delivered synchronously after each commit, nothing
 * falls between that read and the subscription.
 */
export class GroupWatcher {
  private readonly waiting = new Map<string, ((g: GroupView) => void)[]>();
  private readonly unsubscribe: () => void;

  constructor(private readonly ledger: Ledger) {
    this.unsubscribe = ledger.subscribe(ledger.lastSeq(), (e) => {
      if (e.type !== 'group' || !isTerminalStatus(e.data.status)) return;
      const resolvers = this.waiting.get(e.data.group_id);
      if (!resolvers) return;
      const view = ledger.getGroup(e.data.group_id);
      if (!view) return;
      this.waiting.delete(e.data.group_id);
      for (const r of resolvers) r(view);
    });
  }

  /** The group's view once it is terminal. */
  terminal(groupId: string): Promise<GroupView> {
    const now = this.ledger.getGroup(groupId);
    if (now && isTerminalStatus(now.status)) return Promise.resolve(now);
    return new Promise((resolve) => {
      const list = this.waiting.get(groupId) ?? [];
      list.push(resolve);
      this.waiting.set(groupId, list);
    });
  }

  close(): void {
    this.unsubscribe();
    this.waiting.clear();
  }
}
