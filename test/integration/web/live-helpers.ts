import { expect } from 'vitest';
import type { FakeBinance } from '../../fixtures/fake-binance';
import { signedClient } from '../fake-binance/raw-client';
import { API_KEY, API_SECRET } from '../live/harness';

export { API_KEY, API_SECRET };

/** Web mode's environment for --live binance, as a test hands it over (never the real process.env). */
export const LIVE_ENV: Readonly<Record<string, string>> = { LEDGERDESK_BINANCE_API_KEY: API_KEY, LEDGERDESK_BINANCE_API_SECRET: API_SECRET };

/**
 * A resting LIMIT BUY of 0.01 BTC at 20000 placed on the account behind the
 * desk's back (straight through the fake's REST with its keys), so the
 * ledger does not know it and reconciliation lists it.
 */
export async function seedForeignOrder(fake: FakeBinance, clientOrderId: string): Promise<void> {
  const placed = await signedClient(fake).post('/api/v3/order', {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '0.01000000',
    price: '20000.00',
    newClientOrderId: clientOrderId,
  });
  expect(placed.status, placed.text).toBe(200);
}
