import ccxt, { type Exchange } from 'ccxt';
import { Agent } from 'node:http';
import type { Clock } from '../../clock/clock';
import type { PlaceOrderRequest } from '../types';
import type { ApiCredentials } from './credentials';
import { parseBannedUntil, parseRetryAfter, RateLimitedResponse } from './failures';

/**
 * The ccxt exchange object, configured once for this app's rules:
 * - time comes from our clock (ccxt signs with `milliseconds()`; we replace it),
 * - ccxt's own retries and throttling are off: the scheduler decides,
 * - 429/418 answers keep their Retry-After (RateLimitedResponse),
 * - spot only, so loading markets touches nothing but the spot endpoints,
 * - plain http/ws URLs (a test exchange on 127.0.0.1) get the http.Agent ccxt wants.
 */
export interface CcxtExchangeOptions {
  /** A ccxt.pro exchange id ('binance'). */
  readonly exchangeId: string;
  readonly credentials: ApiCredentials;
  readonly clock: Clock;
  /** Replaces keys of ccxt's `urls.api` (see binanceSpotUrls). */
  readonly urls?: Readonly<Record<string, unknown>>;
  /** Merged over the defaults in ccxt's `options`. */
  readonly ccxtOptions?: Readonly<Record<string, unknown>>;
  /** Signed requests are valid this long after their timestamp (Binance default 5000, max 60000). */
  readonly recvWindowMs?: number;
  /** ccxt's HTTP timeout; a timeout is an unknown outcome. */
  readonly requestTimeoutMs?: number;
}

/** Binance spot REST (`${restUrl}/api/v3`) and WebSocket API user data stream. */
export function binanceSpotUrls(restUrl: string, wsApiUrl: string): Record<string, unknown> {
  return { public: `${restUrl}/api/v3`, private: `${restUrl}/api/v3`, ws: { 'ws-api': { spot: wsApiUrl } } };
}

type ExchangeConstructor = new (config: Record<string, unknown>) => Exchange;

function exchangeClass(id: string): ExchangeConstructor {
  const ctor: unknown = Reflect.get(ccxt.pro, id);
  if (typeof ctor !== 'function') throw new Error(`ccxt.pro has no exchange '${id}'`);
  return ctor as ExchangeConstructor;
}

export function createCcxtExchange(options: CcxtExchangeOptions): Exchange {
  const { clock } = options;
  const exchange = new (exchangeClass(options.exchangeId))({
    apiKey: options.credentials.apiKey,
    secret: options.credentials.secret,
    enableRateLimit: false,
    timeout: options.requestTimeoutMs ?? 10_000,
    httpAgent: new Agent({ keepAlive: true }),
    ...(options.urls === undefined ? {} : { urls: { api: options.urls } }),
    options: {
      defaultType: 'spot',
      fetchMarkets: { types: ['spot'] },
      fetchMargins: false,
      fetchCurrencies: false,
      adjustForTimeDifference: false,
      maxRetriesOnFailure: 0,
      recvWindow: options.recvWindowMs ?? 5000,
      ...options.ccxtOptions,
    },
  });
  exchange.milliseconds = () => clock.now();
  exchange.seconds = () => Math.floor(clock.now() / 1000);
  const handleErrors = exchange.handleErrors.bind(exchange);
  exchange.handleErrors = (...args: Parameters<Exchange['handleErrors']>) => {
    const [status, statusText, , , headers, body] = args;
    if (status === 429 || status === 418) {
      const header: unknown = Reflect.get(headers ?? {}, 'Retry-After') ?? Reflect.get(headers ?? {}, 'retry-after');
      throw new RateLimitedResponse(
        status,
        parseRetryAfter(header, clock.now()),
        parseBannedUntil(body ?? ''),
        `${exchange.id} ${status} ${statusText} ${body ?? ''}`,
      );
    }
    return handleErrors(...args);
  };
  return exchange;
}

// ccxt creates some WebSocket futures nobody awaits (4.5.84: 'authenticate:signature:spot' is
// rejected when the exchange refuses the subscription), which Node reports as unhandled
// rejections. Whoever awaits a future still gets its rejection; this only marks them handled.
const absorbed = new WeakSet<Promise<unknown>>();

function absorbPendingFutures(exchange: Exchange): void {
  for (const client of Object.values(exchange.clients)) {
    const futures: unknown = Reflect.get(client, 'futures');
    if (typeof futures !== 'object' || futures === null) continue;
    for (const f of Object.values(futures)) {
      if (f instanceof Promise && !absorbed.has(f)) {
        absorbed.add(f);
        f.catch(() => undefined);
      }
    }
  }
}

/**
 * Every exchange call the connector makes, in its own terms. Answers are
 * ccxt's objects as `unknown`: the connector parses them (ccxt-mapping.ts).
 */
export class CcxtClient {
  constructor(readonly exchange: Exchange) {}

  get id(): string {
    return this.exchange.id;
  }

  async loadMarkets(symbols: readonly string[]): Promise<unknown[]> {
    await this.exchange.loadMarkets();
    return symbols.map((s) => this.exchange.market(s));
  }

  /** `request` already passed the symbol's rules; amounts are exact in a double (checked by the caller). */
  createOrder(request: PlaceOrderRequest): Promise<unknown> {
    const params: Record<string, unknown> = { clientOrderId: request.clientOrderId };
    const amount = request.quantity.toNumber();
    const priced = request.type === 'LIMIT' || request.type === 'STOP_LIMIT';
    if (priced) params['timeInForce'] = request.timeInForce ?? 'GTC';
    if (request.stopPrice !== undefined) params['triggerPrice'] = request.stopPrice.toNumber();
    if (request.icebergQuantity !== undefined) params['icebergQty'] = request.icebergQuantity.toNumber();
    const price = priced && request.price !== undefined ? request.price.toNumber() : undefined;
    return this.exchange.createOrder(request.symbol, priced ? 'limit' : 'market', request.side === 'BUY' ? 'buy' : 'sell', amount, price, params);
  }

  cancelOrder(clientOrderId: string, symbol: string): Promise<unknown> {
    return this.exchange.cancelOrder('', symbol, { clientOrderId });
  }

  fetchOrderByClientId(clientOrderId: string, symbol: string): Promise<unknown> {
    return this.exchange.fetchOrder('', symbol, { clientOrderId });
  }

  fetchOrderById(exchangeOrderId: string, symbol: string): Promise<unknown> {
    return this.exchange.fetchOrder(exchangeOrderId, symbol);
  }

  fetchOpenOrders(symbol: string): Promise<unknown[]> {
    return this.exchange.fetchOpenOrders(symbol);
  }

  /** Orders of any status created in [since, until] (Binance allOrders). */
  fetchOrders(symbol: string, since: number, until: number, limit: number): Promise<unknown[]> {
    return this.exchange.fetchOrders(symbol, since, limit, { until });
  }

  /** Own trades in [since, until]. */
  fetchMyTrades(symbol: string, since: number, until: number, limit: number): Promise<unknown[]> {
    return this.exchange.fetchMyTrades(symbol, since, limit, { until });
  }

  fetchBalance(): Promise<unknown> {
    return this.exchange.fetchBalance();
  }

  /** Measure the exchange clock; returns exchange time minus ours, in ms. Signatures use it from now on. */
  async syncTime(): Promise<number> {
    const difference: unknown = await this.exchange.loadTimeDifference();
    return typeof difference === 'number' ? -difference : 0;
  }

  /** Exchange time minus ours, as last measured. */
  timeOffsetMs(): number {
    const difference: unknown = this.exchange.options['timeDifference'];
    return typeof difference === 'number' ? -difference : 0;
  }

  /** Open the user data stream and wait for the exchange to confirm it (ccxt `authenticate` where the exchange has one). */
  async subscribe(): Promise<void> {
    const authenticate: unknown = Reflect.get(this.exchange, 'authenticate');
    if (typeof authenticate !== 'function') return;
    const pending: unknown = authenticate.call(this.exchange);
    absorbPendingFutures(this.exchange);
    await pending;
  }

  watchOrders(): Promise<unknown[]> {
    const next = this.exchange.watchOrders();
    absorbPendingFutures(this.exchange);
    return next;
  }

  watchMyTrades(): Promise<unknown[]> {
    const next = this.exchange.watchMyTrades();
    absorbPendingFutures(this.exchange);
    return next;
  }

  close(): Promise<void> {
    return this.exchange.close();
  }
}
