import type { Clock, TimerHandle } from '../../clock/clock';
import { RequestRefused } from './failures';
import { SlidingWindow } from './sliding-window';

/**
 * Every REST request the connector makes goes through one scheduler:
 *
 * - Lanes in priority order: cancel, resolve (looking up orders whose outcome
 *   is unknown), query, place. A place never goes out while a cancel is
 *   queued or in flight, so a panic cancel is never stuck behind new orders.
 * - Request weight is counted over a sliding minute; everything but cancels
 *   stops `cancelReserve` short of `weightLimit`, so the emergency cancel
 *   always has headroom. New orders are also counted per `orderWindowMs`.
 * - A 429 or 418 pauses all traffic until its Retry-After (a 418 is a ban).
 *   The refused request was not executed, so it is queued again at the head
 *   of its lane; a place that would wait longer than `maxPlaceWaitMs` is
 *   refused instead: an order sent minutes late is not the order asked for.
 */
export type Lane = 'cancel' | 'resolve' | 'query' | 'place';

const LANES: readonly Lane[] = ['cancel', 'resolve', 'query', 'place'];

export interface SchedulerPolicy {
  /** Requests on the wire at once. */
  readonly maxInFlight: number;
  readonly weightWindowMs: number;
  /** Weight we allow ourselves per window (Binance spot allows 6000 per minute per IP). */
  readonly weightLimit: number;
  /** Weight only cancels may use. */
  readonly cancelReserve: number;
  readonly orderWindowMs: number;
  /** New orders per orderWindowMs (Binance spot allows 100 per 10 s per account). */
  readonly orderLimit: number;
  /** A place that would wait longer than this for a rate-limit pause is refused (RATE_LIMITED). */
  readonly maxPlaceWaitMs: number;
  /** Pause after a 429 that carries no Retry-After. */
  readonly defaultRetryAfterMs: number;
  /** How often one request is retried after 429/418 before it is refused. */
  readonly maxRateLimitRetries: number;
}

export const DEFAULT_SCHEDULER_POLICY: SchedulerPolicy = {
  maxInFlight: 5,
  weightWindowMs: 60_000,
  weightLimit: 1200,
  cancelReserve: 300,
  orderWindowMs: 10_000,
  orderLimit: 50,
  maxPlaceWaitMs: 30_000,
  defaultRetryAfterMs: 5_000,
  maxRateLimitRetries: 3,
};

/** How long a rate-limited answer tells us to stop. */
export interface RateLimitSignal {
  readonly status: 429 | 418;
  readonly pauseMs: number;
}

export type SchedulerEvent =
  | { readonly kind: 'PAUSED'; readonly reason: 'RATE_LIMITED' | 'BANNED'; readonly status: 429 | 418; readonly until: number }
  | { readonly kind: 'RESUMED'; readonly at: number }
  | { readonly kind: 'HELD_FOR_BUDGET'; readonly lane: Lane; readonly until: number };

interface Job {
  readonly lane: Lane;
  readonly weight: number;
  readonly enqueuedAt: number;
  attempts: number;
  readonly task: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export interface SchedulerStats {
  readonly queued: Readonly<Record<Lane, number>>;
  readonly inFlight: number;
  readonly usedWeight: number;
  readonly pausedUntil: number | undefined;
}

export class RequestScheduler {
  private readonly queues: Record<Lane, Job[]> = { cancel: [], resolve: [], query: [], place: [] };
  private readonly weights: SlidingWindow;
  private readonly newOrders: SlidingWindow;
  private inFlight = 0;
  private cancelsInFlight = 0;
  private pauseUntil = 0;
  private pauseAnnounced = false;
  private wake: { at: number; handle: TimerHandle } | undefined;
  private closed = false;

  constructor(
    private readonly clock: Clock,
    readonly policy: SchedulerPolicy,
    private readonly rateLimitOf: (error: unknown) => RateLimitSignal | undefined,
    private readonly onEvent: (event: SchedulerEvent) => void = () => undefined,
  ) {
    this.weights = new SlidingWindow(policy.weightWindowMs);
    this.newOrders = new SlidingWindow(policy.orderWindowMs);
  }

  /** Run `task` when its lane's turn comes; it settles as the task does, or with RequestRefused. */
  run<T>(lane: Lane, weight: number, task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new RequestRefused('CLOSED', 'the connector is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queues[lane].push({
        lane,
        weight,
        enqueuedAt: this.clock.now(),
        attempts: 0,
        task,
        resolve: (v) => resolve(v as T),
        reject,
      });
      this.pump();
    });
  }

  stats(): SchedulerStats {
    const now = this.clock.now();
    return {
      queued: { cancel: this.queues.cancel.length, resolve: this.queues.resolve.length, query: this.queues.query.length, place: this.queues.place.length },
      inFlight: this.inFlight,
      usedWeight: this.weights.used(now),
      pausedUntil: now < this.pauseUntil ? this.pauseUntil : undefined,
    };
  }

  /** Refuse everything queued; requests already on the wire finish. */
  close(): void {
    this.closed = true;
    if (this.wake !== undefined) this.clock.clearTimeout(this.wake.handle);
    this.wake = undefined;
    for (const lane of LANES) {
      for (const job of this.queues[lane].splice(0)) job.reject(new RequestRefused('CLOSED', 'the connector closed before the request was sent'));
    }
  }

  private pump(): void {
    if (this.closed) return;
    const now = this.clock.now();
    if (now < this.pauseUntil) {
      this.wakeAt(this.pauseUntil);
      return;
    }
    if (this.pauseAnnounced) {
      this.pauseAnnounced = false;
      this.onEvent({ kind: 'RESUMED', at: now });
    }
    while (this.inFlight < this.policy.maxInFlight) {
      const lane = this.nextLane();
      if (lane === undefined) return;
      const job = this.queues[lane][0];
      if (job === undefined) return;
      const holdUntil = this.budgetHold(job, now);
      if (holdUntil !== undefined) {
        if (this.wakeAt(holdUntil)) this.onEvent({ kind: 'HELD_FOR_BUDGET', lane, until: holdUntil });
        return;
      }
      this.queues[lane].shift();
      this.dispatch(job, now);
    }
  }

  private nextLane(): Lane | undefined {
    for (const lane of LANES) {
      if (this.queues[lane].length === 0) continue;
      if (lane === 'place' && (this.queues.cancel.length > 0 || this.cancelsInFlight > 0)) return undefined;
      return lane;
    }
    return undefined;
  }

  /** When the job may go, if not now. A job heavier than the whole budget still goes once the window is empty. */
  private budgetHold(job: Job, now: number): number | undefined {
    const cap = this.policy.weightLimit - (job.lane === 'cancel' ? 0 : this.policy.cancelReserve);
    const used = this.weights.used(now);
    let until: number | undefined;
    if (used > 0 && used + job.weight > cap) until = this.weights.timeWhenAtMost(Math.max(0, cap - job.weight), now);
    if (job.lane === 'place' && this.newOrders.used(now) + 1 > this.policy.orderLimit) {
      until = Math.max(until ?? now, this.newOrders.timeWhenAtMost(this.policy.orderLimit - 1, now));
    }
    return until !== undefined && until > now ? until : undefined;
  }

  private dispatch(job: Job, now: number): void {
    this.inFlight++;
    if (job.lane === 'cancel') this.cancelsInFlight++;
    this.weights.add(now, job.weight);
    if (job.lane === 'place') this.newOrders.add(now, 1);
    job.attempts++;
    const finish = (): void => {
      this.inFlight--;
      if (job.lane === 'cancel') this.cancelsInFlight--;
    };
    job.task().then(
      (value) => {
        finish();
        job.resolve(value);
        this.pump();
      },
      (error: unknown) => {
        finish();
        const signal = this.rateLimitOf(error);
        if (signal === undefined || this.closed) job.reject(error);
        else this.rateLimited(job, signal, error);
        this.pump();
      },
    );
  }

  private rateLimited(job: Job, signal: RateLimitSignal, error: unknown): void {
    const now = this.clock.now();
    const until = now + Math.max(0, signal.pauseMs);
    if (until > this.pauseUntil) {
      this.pauseUntil = until;
      this.pauseAnnounced = true;
      this.onEvent({ kind: 'PAUSED', reason: signal.status === 418 ? 'BANNED' : 'RATE_LIMITED', status: signal.status, until });
    }
    const detail = error instanceof Error ? error.message : String(error);
    if (job.attempts > this.policy.maxRateLimitRetries) {
      job.reject(new RequestRefused('RATE_LIMITED', `rate limited ${job.attempts} times; giving up: ${detail}`));
    } else if (this.waitsTooLong(job)) {
      job.reject(this.tooLate(job));
    } else {
      this.queues[job.lane].unshift(job);
    }
    // Places queued behind the pause that would now be sent too late are refused at once.
    const keep: Job[] = [];
    for (const queued of this.queues.place) {
      if (queued !== job && this.waitsTooLong(queued)) queued.reject(this.tooLate(queued));
      else keep.push(queued);
    }
    this.queues.place = keep;
  }

  private waitsTooLong(job: Job): boolean {
    return job.lane === 'place' && this.pauseUntil - job.enqueuedAt > this.policy.maxPlaceWaitMs;
  }

  private tooLate(job: Job): RequestRefused {
    const wait = Math.round((this.pauseUntil - job.enqueuedAt) / 1000);
    return new RequestRefused(
      'RATE_LIMITED',
      `the exchange asked us to pause until ${new Date(this.pauseUntil).toISOString()}; the order would go out ${wait}s late (limit ${Math.round(this.policy.maxPlaceWaitMs / 1000)}s), so it was not sent`,
    );
  }

  /** Make sure pump runs at `at`; true when a new wake-up was set. */
  private wakeAt(at: number): boolean {
    if (this.wake !== undefined && this.wake.at <= at) return false;
    if (this.wake !== undefined) this.clock.clearTimeout(this.wake.handle);
    const handle = this.clock.setTimeout(() => {
      this.wake = undefined;
      this.pump();
    }, at - this.clock.now());
    this.wake = { at, handle };
    return true;
  }
}
