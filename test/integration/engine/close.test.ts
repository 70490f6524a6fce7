import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDesk, startPaper, directive } from './support';

const dir = mkdtempSync(join(tmpdir(), 'ld-close-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('closing the desk while orders are in flight', () => {
  it('never touches the closed ledger; the next start finds the order and parks the group', async () => {
    const path = join(dir, 'ledger.sqlite');
    const desk = await openTestDesk({ path });
    await startPaper(desk, 'realistic'); // 50 ms+ acknowledgement latency: the place is still on its way
    const out = await desk.engine.submitDirective(
      directive({ quantity: '0.3', execution: { action: 'EXECUTE_TRADE', preferred_execution_style: 'TWAP', max_execution_window_minutes: 10, chunk_count_hint: 5 } }),
    );
    const groupId = out.groupIds[0] ?? '';
    expect(desk.engine.ledger.ordersOfGroup(groupId).map((o) => o.status)).toEqual(['PENDING_SUBMIT']);
    await desk.engine.close();
    await desk.clock.advanceAsync(60_000); // the exchange's answer arrives after the close: nothing may write
    expect(desk.errors).toEqual([]);

    const again = await openTestDesk({ path, clock: desk.clock });
    const order = again.engine.ledger.ordersOfGroup(groupId)[0];
    expect(order?.status).not.toBe('PENDING_SUBMIT');
    expect(again.engine.ledger.getAlgoState(groupId)?.algo_status).toBe('AWAITING_DECISION');
    expect(again.engine.ledger.checkInvariants().ok).toBe(true);
    expect(again.errors).toEqual([]);
    await again.engine.close();
  });
});
