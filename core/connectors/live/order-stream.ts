/**
 * The user data stream: two ccxt watch loops (orders and own trades) over
 * one subscription. When either loop fails (a dropped socket rejects both)
 * the stream reconnects: wait per `reconnectDelaysMs` (the last delay
 * repeats), resubscribe, restart the loops, then tell the connector, which
 * backfills and reconciles. A generation number retires the loops of a dead
 * connection, so nothing they were still holding is delivered twice.
 */
export type StreamState = 'CONNECTING' | 'CONNECTED' | 'RECONNECTING' | 'DISCONNECTED';

export interface OrderStreamDeps {
  readonly subscribe: () => Promise<void>;
  readonly nextOrders: () => Promise<unknown[]>;
  readonly nextTrades: () => Promise<unknown[]>;
  /** Called in arrival order; the loop waits for each delivery before it watches again. */
  readonly deliverOrders: (raw: unknown[]) => Promise<void>;
  readonly deliverTrades: (raw: unknown[]) => Promise<void>;
  readonly onState: (state: StreamState) => void;
  readonly onDropped: (error: unknown) => void;
  readonly onSubscribeFailed: (error: unknown, attempt: number) => void;
  /** The stream is live again after a drop (or after a failed first attempt). */
  readonly onResubscribed: () => void;
  readonly onDeliveryError: (error: unknown) => void;
  /** Resolves after `ms` of clock time; false when the stream closed meanwhile. */
  readonly wait: (ms: number) => Promise<boolean>;
  readonly reconnectDelaysMs: readonly number[];
}

export class OrderStream {
  private generation = 0;
  private closed = false;
  private current: StreamState = 'CONNECTING';

  constructor(private readonly deps: OrderStreamDeps) {}

  state(): StreamState {
    return this.current;
  }

  /** First subscription: one attempt. On failure the stream keeps trying in the background and the error is rethrown. */
  async start(): Promise<void> {
    try {
      await this.deps.subscribe();
    } catch (e) {
      this.setState('RECONNECTING');
      this.deps.onSubscribeFailed(e, 1);
      void this.reconnect(1);
      throw e;
    }
    this.live();
  }

  close(): void {
    this.closed = true;
    this.generation++;
    this.setState('DISCONNECTED');
  }

  private live(): void {
    const gen = ++this.generation;
    this.loop(gen, this.deps.nextOrders, this.deps.deliverOrders);
    this.loop(gen, this.deps.nextTrades, this.deps.deliverTrades);
    this.setState('CONNECTED');
  }

  private loop(gen: number, next: () => Promise<unknown[]>, deliver: (raw: unknown[]) => Promise<void>): void {
    const run = async (): Promise<void> => {
      while (!this.closed && gen === this.generation) {
        let items: unknown[];
        try {
          items = await next();
        } catch (e) {
          if (!this.closed && gen === this.generation) this.dropped(e);
          return;
        }
        if (this.closed || gen !== this.generation) return;
        try {
          await deliver(items);
        } catch (e) {
          this.deps.onDeliveryError(e);
        }
      }
    };
    void run();
  }

  private dropped(error: unknown): void {
    this.generation++;
    this.setState('RECONNECTING');
    this.deps.onDropped(error);
    void this.reconnect(0);
  }

  private async reconnect(failedAttempts: number): Promise<void> {
    const gen = this.generation;
    for (let attempt = failedAttempts; !this.closed && gen === this.generation; attempt++) {
      const delays = this.deps.reconnectDelaysMs;
      const delay = delays[Math.min(attempt, delays.length - 1)] ?? 0;
      if (delay > 0 && !(await this.deps.wait(delay))) return;
      if (this.closed || gen !== this.generation) return;
      try {
        await this.deps.subscribe();
      } catch (e) {
        this.deps.onSubscribeFailed(e, attempt + 1);
        continue;
      }
      if (this.closed || gen !== this.generation) return;
      this.live();
      this.deps.onResubscribed();
      return;
    }
  }

  private setState(state: StreamState): void {
    if (state === this.current) return;
    this.current = state;
    this.deps.onState(state);
  }
}
