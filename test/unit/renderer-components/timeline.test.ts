import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Timeline, type TimelineEntry } from '../../../renderer/src/components/Timeline';
import { timelineKindTone } from '../../../renderer/src/format/labels';

const entry = (i: number, kind: string, message: string, at = new Date(Date.UTC(2023, 2, 10, 14, 0, i))): TimelineEntry => ({
  at,
  kind,
  source: kind === 'FILL' ? 'fill' : 'journal',
  ref: kind === 'FILL' ? `FILL_20230310_140000_${String(i).padStart(5, '0')}` : String(i),
  order_id: 'ORD_20230310_140000_00001',
  group_id: 'EXG_20230310_140000_00001',
  directive_id: null,
  command_id: null,
  message,
  data: null,
});

describe('Timeline', () => {
  it('keeps the ledger write order, newest last, even when clock times disagree', () => {
    const entries = [
      entry(1, 'ORDER_REGISTERED', 'registered'),
      entry(2, 'CANCEL_REQUESTED', 'cancel asked'),
      // A late fill executed before the cancel but recorded after it.
      entry(3, 'FILL', 'Fill 0.1 @ 20000', new Date(Date.UTC(2023, 2, 10, 13, 59, 59))),
      entry(4, 'ANOMALY', 'late fill'),
    ];
    const html = renderToString(createElement(Timeline, { entries, label: 'Order ORD_20230310_140000_00001' }));
    const messages = [...html.matchAll(/ld-timeline__message">([^<]*)</g)].map((m) => m[1]);
    expect(messages).toEqual(['registered', 'cancel asked', 'Fill 0.1 @ 20000', 'late fill']);
    expect(html).toContain('>13:59:59<');
    expect(html).toContain('ld-tone--fill">fill<');
    expect(html).toContain('ld-tone--alert">anomaly<');
    expect(html).toContain('aria-label="Order ORD_20230310_140000_00001"');
  });

  it('renders only the newest entries beyond the limit and says how many are left out', () => {
    const entries = Array.from({ length: 1_250 }, (_, i) => entry(i % 60, 'ORDER_STATUS', `status ${i}`));
    const html = renderToString(createElement(Timeline, { entries, maxEntries: 100 }));
    expect(html.split('class="ld-timeline__entry"').length - 1).toBe(100);
    expect(html).toContain('1,150 earlier entries not shown');
    expect(html).toContain('status 1249');
    expect(html).not.toContain('status 1149<');
  });

  it('says when there is nothing yet', () => {
    expect(renderToString(createElement(Timeline, { entries: [] }))).toContain('Nothing journaled yet');
  });

  it('tones kinds by meaning', () => {
    expect(['FILL', 'CANCEL_REQUESTED', 'CANCEL_FAILED', 'ILLEGAL_TRANSITION', 'DIRECTIVE_REFUSED', 'GROUP_STATUS'].map(timelineKindTone)).toEqual([
      'fill',
      'cancel',
      'alert',
      'alert',
      'alert',
      'info',
    ]);
  });
});
