import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Anomalies, type AnomaliesProps } from '../../../renderer/src/components/Anomalies';
import { anomalousFillIds, anomalyActions, groupAnomalies } from '../../../renderer/src/format/anomalies';
import { anomalyTitle } from '../../../renderer/src/format/labels';
import { anomaly } from './fixtures';

const ACK_AT = new Date('2023-03-10T15:00:00Z');
const noop = () => undefined;
const render = (props: Partial<AnomaliesProps> & Pick<AnomaliesProps, 'anomalies'>) =>
  renderToString(createElement(Anomalies, { onAcknowledge: noop, onResume: noop, onHalt: noop, ...props }));
const count = (html: string, needle: string) => html.split(needle).length - 1;

const recovered = (i: number, over: Parameters<typeof anomaly>[1] = {}) =>
  anomaly(i, { kind: 'RECOVERED_GROUP', order_id: null, fill_id: null, message: `group ${i} waits`, ...over });

describe('anomaly model', () => {
  it('lists open anomalies newest first, apart from acknowledged ones', () => {
    const list = [anomaly(1), anomaly(3, { acknowledged_at: ACK_AT }), anomaly(2), anomaly(4, { acknowledged_at: ACK_AT })];
    const { open, acknowledged } = groupAnomalies(list);
    expect(open.map((a) => a.anomaly_id)).toEqual([anomaly(2).anomaly_id, anomaly(1).anomaly_id]);
    expect(acknowledged.map((a) => a.anomaly_id)).toEqual([anomaly(4).anomaly_id, anomaly(3).anomaly_id]);
  });

  it('offers Resume/Halt only for an open recovered group, and only if it still waits when that is known', () => {
    const r = recovered(5);
    expect(anomalyActions(r)).toEqual({ acknowledge: true, decideGroup: r.group_id });
    expect(anomalyActions(r, new Set([r.group_id as string]))).toEqual({ acknowledge: true, decideGroup: r.group_id });
    expect(anomalyActions(r, new Set())).toEqual({ acknowledge: true, decideGroup: null });
    expect(anomalyActions({ ...r, acknowledged_at: ACK_AT })).toEqual({ acknowledge: false, decideGroup: null });
    expect(anomalyActions({ ...r, group_id: null })).toEqual({ acknowledge: true, decideGroup: null });
    expect(anomalyActions(anomaly(1))).toEqual({ acknowledge: true, decideGroup: null });
  });

  it('collects the fills anomalies name, acknowledged or not', () => {
    const ids = anomalousFillIds([anomaly(1), anomaly(2, { acknowledged_at: ACK_AT }), recovered(3)]);
    expect([...ids].sort()).toEqual([anomaly(1).fill_id, anomaly(2).fill_id].sort());
  });

  it('names the kinds the ledger and the engine raise, and any other readably', () => {
    expect(anomalyTitle('LATE_FILL')).toBe('Late fill after cancel');
    expect(anomalyTitle('OVERFILL')).toBe('Overfill');
    expect(anomalyTitle('RECOVERED_GROUP')).toMatch(/resume or halt/);
    expect(anomalyTitle('CLOCK_SKEW_DETECTED')).toBe('Clock skew detected');
  });
});

describe('Anomalies banner', () => {
  it('makes every open anomaly an alert with an Acknowledge button', () => {
    const html = render({ anomalies: [anomaly(1), anomaly(2, { kind: 'OVERFILL' }), anomaly(3, { acknowledged_at: ACK_AT })] });
    expect(count(html, 'role="alert"')).toBe(2);
    expect(count(html, '>Acknowledge</button>')).toBe(2);
    expect(html).toContain('2 anomalies need attention');
    expect(html).toContain('1 acknowledged');
    expect(html).toContain('Late fill after cancel');
    expect(html).toContain('Overfill');
    expect(html).toContain('ld-anomalies--alerting');
  });

  it('gives recovered groups Resume and Halt', () => {
    const html = render({ anomalies: [recovered(1), anomaly(2)] });
    expect(count(html, '>Resume</button>')).toBe(1);
    expect(count(html, '>Halt</button>')).toBe(1);
    expect(render({ anomalies: [recovered(1)], awaitingDecisionGroupIds: new Set() })).not.toContain('>Resume</button>');
  });

  it('disables the buttons of a command in flight', () => {
    const r = recovered(1);
    const html = render({ anomalies: [r], busyIds: new Set([r.group_id as string, r.anomaly_id]) });
    expect(count(html, 'disabled=""')).toBe(3);
  });

  it('shows acknowledged anomalies without alerting when asked, and a quiet line when none is open', () => {
    const html = render({ anomalies: [anomaly(1, { acknowledged_at: ACK_AT })], showAcknowledged: true });
    expect(html).not.toContain('role="alert"');
    expect(html).not.toContain('>Acknowledge</button>');
    expect(html).toContain('No open anomalies');
    expect(html).toContain('fill on canceled order 1');
    expect(html).not.toContain('ld-anomalies--alerting');
  });
});
