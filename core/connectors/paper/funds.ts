import { Decimal } from '../../domain/decimal';
import type { BalanceState, HoldState } from './state';

const ZERO = new Decimal(0);

interface Balance {
  free: Decimal;
  locked: Decimal;
}

/**
 * Balances per asset, free and locked, and the holds that lock them. A hold
 * is the money set aside for one resting order, or for both legs of a
 * one-cancels-the-other pair (which share it: only one of them can fill).
 * Free and locked never go below zero; free + locked changes only through
 * pay() and credit().
 */
export class Funds {
  private readonly balances = new Map<string, Balance>();
  private readonly holds = new Map<string, HoldState>();
  /** Holds changed since the last takeChanges(); null: released. */
  private readonly changedHolds = new Map<string, HoldState | null>();
  private balancesChanged = false;

  constructor(balances: readonly BalanceState[], holds: readonly HoldState[] = []) {
    for (const b of balances) this.balances.set(b.asset, { free: b.free, locked: b.locked });
    for (const h of holds) this.holds.set(h.holdId, { ...h });
  }

  free(asset: string): Decimal {
    return this.balances.get(asset)?.free ?? ZERO;
  }

  snapshot(): BalanceState[] {
    return [...this.balances].map(([asset, b]) => ({ asset, free: b.free, locked: b.locked }));
  }

  holdAmount(holdId: string): Decimal {
    return this.holds.get(holdId)?.amount ?? ZERO;
  }

  allHolds(): HoldState[] {
    return [...this.holds.values()].map((h) => ({ ...h }));
  }

  /** Lock `amount` of `asset` for a new hold; false (and nothing changes) when free funds are short. */
  openHold(holdId: string, asset: string, amount: Decimal): boolean {
    if (this.free(asset).lt(amount)) return false;
    this.move(asset, amount.neg(), amount);
    const hold = { holdId, asset, amount };
    this.holds.set(holdId, hold);
    this.changedHolds.set(holdId, hold);
    return true;
  }

  /**
   * Move a hold to `target`. Shrinking releases the difference. Growing
   * locks more: all or nothing when `partial` is false (false is returned and
   * nothing changes if free funds are short), as much as there is when true.
   */
  resizeHold(holdId: string, target: Decimal, partial: boolean): boolean {
    const hold = this.holds.get(holdId);
    if (hold === undefined) return false;
    if (target.lte(hold.amount)) {
      const release = hold.amount.minus(target);
      if (release.isZero()) return true;
      this.move(hold.asset, release, release.neg());
      hold.amount = target;
    } else {
      const want = target.minus(hold.amount);
      const free = this.free(hold.asset);
      if (free.lt(want) && !partial) return false;
      const lock = Decimal.min(want, free);
      this.move(hold.asset, lock.neg(), lock);
      hold.amount = hold.amount.plus(lock);
    }
    this.changedHolds.set(holdId, hold);
    return true;
  }

  /** Release whatever the hold still locks and forget it. */
  releaseHold(holdId: string): void {
    const hold = this.holds.get(holdId);
    if (hold === undefined) return;
    this.move(hold.asset, hold.amount, hold.amount.neg());
    this.holds.delete(holdId);
    this.changedHolds.set(holdId, null);
  }

  /** What could pay for something: the hold (if it is in that asset) plus free funds. */
  spendable(asset: string, holdId: string | undefined): Decimal {
    const hold = holdId === undefined ? undefined : this.holds.get(holdId);
    return (hold !== undefined && hold.asset === asset ? hold.amount : ZERO).plus(this.free(asset));
  }

  /** Pay `amount` of `asset`, from the hold first and the rest from free funds. Throws if both are short: callers check first. */
  pay(asset: string, amount: Decimal, holdId: string | undefined): void {
    const hold = holdId === undefined ? undefined : this.holds.get(holdId);
    const fromHold = hold !== undefined && hold.asset === asset ? Decimal.min(hold.amount, amount) : ZERO;
    const fromFree = amount.minus(fromHold);
    if (fromFree.gt(this.free(asset))) throw new Error(`paper funds: cannot pay ${amount.toFixed()} ${asset}`);
    if (hold !== undefined && fromHold.gt(0)) {
      hold.amount = hold.amount.minus(fromHold);
      this.changedHolds.set(hold.holdId, hold);
    }
    this.move(asset, fromFree.neg(), fromHold.neg());
  }

  credit(asset: string, amount: Decimal): void {
    this.move(asset, amount, ZERO);
  }

  /** Changes since the last call: every balance (if any changed), the holds that changed, the ids of those released. */
  takeChanges(): { balances: BalanceState[]; holds: HoldState[]; releasedHolds: string[] } {
    const balances = this.balancesChanged ? this.snapshot() : [];
    const holds: HoldState[] = [];
    const releasedHolds: string[] = [];
    for (const [id, h] of this.changedHolds) {
      if (h === null) releasedHolds.push(id);
      else holds.push({ ...h });
    }
    this.balancesChanged = false;
    this.changedHolds.clear();
    return { balances, holds, releasedHolds };
  }

  private move(asset: string, freeDelta: Decimal, lockedDelta: Decimal): void {
    const b = this.balances.get(asset) ?? { free: ZERO, locked: ZERO };
    b.free = b.free.plus(freeDelta);
    b.locked = b.locked.plus(lockedDelta);
    this.balances.set(asset, b);
    this.balancesChanged = true;
  }
}
