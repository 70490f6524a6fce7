import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventText, type LedgerEventWire } from '../../../core/ledger';
import { appContract } from '../../../web/host';
import { checkInvariantsAfterEach } from '../ledger/fixtures';
import { ledgerWith, writeOps } from '../renderer/ledger-events';

checkInvariantsAfterEach();

/*
 * The web host hands the outbox's wire events to the socket as they are
 * (Host.subscribeEncoded) instead of decoding and re-encoding each. The page
 * must see exactly what it saw before: each event, as the client decodes it,
 * equals the decoded re-encoding the host used to send, and the wire event
 * passes the contract at all.
 */
describe('web host: outbox events sent as they are', () => {
  it('property: the page decodes the raw wire event to the same event as the re-encoded one', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 20 }), (ops) => {
        const ledger = ledgerWith([]);
        writeOps(ledger, ops);
        const events = ledger.eventsAfter(0, 100_000);
        expect(events.length).toBeGreaterThan(0);
        for (const wire of events) {
          const raw = appContract.event.safeParse(JSON.parse(JSON.stringify(wire)));
          expect(raw.success, `event ${wire.seq} (${wire.type})`).toBe(true);
          const reencoded = appContract.event.parse(JSON.parse(JSON.stringify(appContract.event.encode(appContract.event.parse(wire)))));
          expect(raw.data).toEqual(reencoded);
        }
        ledger.close();
      }),
      { numRuns: 30 },
    );
  });

  it('property: the text the host sends for an event (eventText, built around the stored data) is the event printed, live and replayed', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 20 }), (ops) => {
        const ledger = ledgerWith([]);
        const live: LedgerEventWire[] = [];
        ledger.subscribe(ledger.lastSeq(), (e) => live.push(e));
        writeOps(ledger, ops);
        // A bulk cancel too: its events carry SQL-printed JSON.
        ledger.requestCancels(ledger.liveOrderIdsOfPlan(ledger.activePlans()[0]?.plan_id ?? ''), { reason: 'panic', scope: 'PLAN' });
        const replayed = ledger.eventsAfter(0, 100_000);
        expect(live.length).toBeGreaterThan(0);
        for (const e of [...live, ...replayed]) {
          const text = eventText(e);
          expect(text, `event ${e.seq}`).toBeDefined();
          expect(JSON.parse(text as string)).toEqual(JSON.parse(JSON.stringify(e)));
        }
        expect(eventText({ seq: 1, at: '2025-12-01T14:30:00.000Z', type: 'plan', data: {} } as LedgerEventWire)).toBeUndefined();
        ledger.close();
      }),
      { numRuns: 30 },
    );
  });
});
