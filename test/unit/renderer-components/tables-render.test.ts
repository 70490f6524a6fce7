import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FillsTable } from '../../../renderer/src/components/FillsTable';
import { OrdersTable } from '../../../renderer/src/components/OrdersTable';
import { DEFAULT_OVERSCAN } from '../../../renderer/src/components/table/VirtualTable';
import { fill, order } from './fixtures';

/*
 * Static renders (react-dom/server, no DOM here): the virtual window before
 * any scrolling is what the first paint puts in the DOM.
 */

interface RenderedRow {
  readonly index: number;
  readonly className: string;
  readonly html: string;
}

function bodyRows(html: string): RenderedRow[] {
  const body = html.slice(html.indexOf('ld-vtable__body'));
  return [...body.matchAll(/<div role="row" aria-rowindex="(\d+)" class="([^"]*)"[^>]*>(.*?)<\/div><\/div>(?=<div role="row"|<\/div>)/g)].map((m) => ({
    index: Number(m[1]),
    className: m[2] as string,
    html: m[3] as string,
  }));
}

const ROW_HEIGHT = 24;
const VIEWPORT = 480;

describe('OrdersTable, 50,000 rows', () => {
  const orders = Array.from({ length: 50_000 }, (_, i) => order(i));

  it('puts only the window (plus overscan) in the DOM and tells assistive technology the full size', () => {
    const html = renderToString(createElement(OrdersTable, { orders, initialHeight: VIEWPORT, rowHeight: ROW_HEIGHT }));
    expect(html).toContain('role="grid"');
    expect(html).toContain('aria-rowcount="50001"');
    expect(html).toContain('aria-colcount="12"');
    const rows = bodyRows(html);
    expect(rows.length).toBeGreaterThanOrEqual(VIEWPORT / ROW_HEIGHT);
    expect(rows.length).toBeLessThanOrEqual(VIEWPORT / ROW_HEIGHT + DEFAULT_OVERSCAN + 1);
    expect(rows.map((r) => r.index)).toEqual(rows.map((_, i) => i + 2));
    // The scroll height still stands for every row.
    expect(html).toContain(`style="height:${50_000 * ROW_HEIGHT}px"`);
  });

  it('shows the newest order first by default and the oldest first when asked', () => {
    const desc = bodyRows(renderToString(createElement(OrdersTable, { orders, initialHeight: VIEWPORT })));
    expect(desc[0]?.html).toContain((orders[49_999] as (typeof orders)[number]).order_id);
    expect(desc[1]?.html).toContain((orders[49_998] as (typeof orders)[number]).order_id);
    const ascHtml = renderToString(createElement(OrdersTable, { orders, initialHeight: VIEWPORT, defaultSort: 'asc' }));
    expect(bodyRows(ascHtml)[0]?.html).toContain((orders[0] as (typeof orders)[number]).order_id);
    expect(ascHtml).toContain('aria-sort="ascending"');
  });

  it('sorts rows that arrive out of time order', () => {
    const shuffled = [order(3), order(1), order(2)];
    const rows = bodyRows(renderToString(createElement(OrdersTable, { orders: shuffled, initialHeight: VIEWPORT })));
    expect(rows.map((r) => /ORD_\w+/.exec(r.html)?.[0])).toEqual([order(3).order_id, order(2).order_id, order(1).order_id]);
  });

  it('marks the selected order and makes rows focusable when they can be selected', () => {
    const selected = (orders[49_998] as (typeof orders)[number]).order_id;
    const html = renderToString(createElement(OrdersTable, { orders, initialHeight: VIEWPORT, selectedOrderId: selected, onSelectOrder: () => undefined }));
    const rows = bodyRows(html);
    expect(rows.filter((r) => r.className.includes('ld-row--selected')).map((r) => r.index)).toEqual([3]);
    expect(html).toContain('tabindex="0"');
    const readOnly = renderToString(createElement(OrdersTable, { orders: orders.slice(0, 5), initialHeight: VIEWPORT }));
    expect(readOnly).not.toContain('tabindex');
  });

  it('counts the live orders of the whole list on the grid, not only the rows in the window', () => {
    const mixed = orders.map((o, i) => (i % 4 === 0 ? o : { ...o, status: i % 4 === 1 ? ('CANCELED' as const) : i % 4 === 2 ? ('FILLED' as const) : ('PENDING_CANCEL' as const) }));
    const html = renderToString(createElement(OrdersTable, { orders: mixed, initialHeight: VIEWPORT }));
    expect(html).toContain('data-open-orders="25000"');
    const cancelled = orders.map((o) => ({ ...o, status: 'CANCELED' as const }));
    expect(renderToString(createElement(OrdersTable, { orders: cancelled, initialHeight: VIEWPORT }))).toContain('data-open-orders="0"');
  });

  it('renders exactly the rows there are when they fit, with a body as tall as they are', () => {
    const html = renderToString(createElement(OrdersTable, { orders: orders.slice(0, 5), initialHeight: VIEWPORT }));
    expect(bodyRows(html).map((r) => r.index)).toEqual([2, 3, 4, 5, 6]);
    expect(html).toContain(`style="height:${5 * ROW_HEIGHT}px"`);
  });

  it('colours the status and says so when there are no orders', () => {
    const html = renderToString(createElement(OrdersTable, { orders: [order(1, { status: 'REJECTED' })], initialHeight: VIEWPORT }));
    expect(html).toContain('class="ld-badge ld-tone--bad">rejected<');
    expect(renderToString(createElement(OrdersTable, { orders: [], initialHeight: VIEWPORT }))).toContain('No orders');
  });
});

describe('FillsTable, 200,000 fills', () => {
  const fills = Array.from({ length: 200_000 }, (_, i) => fill(i));

  it('renders a window of rows and highlights the anomalous fills in it', () => {
    const late = new Set([(fills[199_999] as (typeof fills)[number]).fill_id, (fills[0] as (typeof fills)[number]).fill_id]);
    const html = renderToString(createElement(FillsTable, { fills, anomalousFillIds: late, initialHeight: VIEWPORT }));
    expect(html).toContain('aria-rowcount="200001"');
    const rows = bodyRows(html);
    expect(rows.length).toBeLessThanOrEqual(VIEWPORT / ROW_HEIGHT + DEFAULT_OVERSCAN + 1);
    // Newest first: the late fill on top is highlighted, fill 0 is far out of the window.
    expect(rows[0]?.className).toContain('ld-row--anomaly');
    expect(rows.filter((r) => r.className.includes('ld-row--anomaly'))).toHaveLength(1);
    expect(rows[0]?.html).toContain('0.02000000 USD');
  });
});
