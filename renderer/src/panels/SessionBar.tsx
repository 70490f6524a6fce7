import { useState, type ReactElement } from 'react';
import { useClient, useDesk, useDesktopClient } from '../desk-context';
import { Badge } from './Badge';
import { DeskTime } from './DeskTime';
import { LiveVenueForm } from './LiveVenueForm';
import { PaperSessionForm } from './PaperSessionForm';
import { connectionTone } from './tones';

const SPEEDS = [1, 2, 5, 10, 25, 50, 100];

/**
 * The top bar: paper or live, connector and link state, whether new orders
 * go out (a live connector holds them while a reconciliation waits), the desk clock and
 * how old the newest bar is, speed and pause (paper), stop, a new paper
 * session, and the desk-wide Cancel everything.
 */
export function SessionBar(): ReactElement {
  const client = useClient();
  const status = useDesk((d) => d.status);
  const statusAt = useDesk((d) => d.statusAt);
  const connection = useDesk((d) => d.connection);
  const sync = useDesk((d) => d.sync);
  const resyncs = useDesk((d) => d.resyncs);
  const notify = useDesk((d) => d.notify);
  const cancelEverything = useDesk((d) => d.cancelEverything);
  const cancellingAll = useDesk((d) => d.busy.has('desk'));
  const [formOpen, setFormOpen] = useState<boolean | null>(null);
  const desktop = useDesktopClient();
  const [venueOpen, setVenueOpen] = useState(false);
  const [sending, setSending] = useState(false);

  const mode = status?.mode ?? 'none';
  const paper = mode === 'paper';
  // With no session the form is what the trader needs first.
  const showForm = formOpen ?? (status !== null && mode === 'none');

  const send = async (what: string, call: () => Promise<{ ok: boolean; error?: { message: string } }>) => {
    setSending(true);
    try {
      const r = await call();
      if (!r.ok) notify('error', `${what} failed: ${r.error?.message ?? 'unknown error'}`);
    } finally {
      setSending(false);
    }
  };

  return (
    <header className="session-bar">
      <div className="session-bar__row">
        <span className="brand">Ledgerdesk</span>
        <span className="session-bar__item" aria-label="Mode">
          <Badge tone={mode === 'live' ? 'alert' : mode === 'paper' ? 'live' : 'muted'}>{mode === 'none' ? 'NO SESSION' : mode.toUpperCase()}</Badge>
        </span>
        <span className="session-bar__item">
          <span className="session-bar__label">Connector</span>
          <Badge tone={connectionTone(status?.connectionState ?? 'DISCONNECTED')}>{status?.connectionState ?? '…'}</Badge>
        </span>
        <span className="session-bar__item">
          <span className="session-bar__label">Link</span>
          <Badge tone={connectionTone(connection)} title={`${resyncs} resync(s)`}>
            {connection === 'open' ? (sync === 'live' ? 'live' : sync) : connection}
          </Badge>
        </span>
        {status && mode !== 'none' ? (
          <span className="session-bar__item" aria-label="Orders" data-accepting={String(status.acceptingOrders)}>
            <span className="session-bar__label">Orders</span>
            <Badge tone={status.acceptingOrders ? 'done' : 'alert'} title={status.refusalReason ?? 'New orders go out'}>
              {status.acceptingOrders ? 'accepting' : status.pendingReconciliation ? 'held: reconciliation' : 'held'}
            </Badge>
          </span>
        ) : null}
        <DeskTime status={status} statusAt={statusAt} />
        {paper && status ? (
          <>
            <span className="session-bar__item">
              <label className="session-bar__label" htmlFor="speed">
                Speed
              </label>
              <select
                id="speed"
                value={String(status.speed)}
                disabled={sending}
                onChange={(e) => void send('Speed', () => client.setSpeed({ speed: Number(e.target.value) }))}
              >
                {[...new Set([...SPEEDS, status.speed])].sort((a, b) => a - b).map((s) => (
                  <option key={s} value={s}>
                    {s}×
                  </option>
                ))}
              </select>
            </span>
            <button
              type="button"
              className="btn"
              disabled={sending}
              onClick={() => void send(status.paused ? 'Resume' : 'Pause', () => (status.paused ? client.resumePaper() : client.pausePaper()))}
            >
              {status.paused ? 'Resume' : 'Pause'}
            </button>
            {status.paused ? <Badge tone="pending">PAUSED</Badge> : null}
          </>
        ) : null}
        {paper ? (
          <button type="button" className="btn" disabled={sending} onClick={() => void send('Stop session', () => client.stopSession())}>
            Stop session
          </button>
        ) : null}
        {mode !== 'live' ? (
          <button type="button" className="btn" aria-expanded={showForm} aria-controls="paper-session-form" onClick={() => setFormOpen(!showForm)}>
            New paper session
          </button>
        ) : null}
        {desktop ? (
          <button type="button" className="btn" aria-expanded={venueOpen} aria-controls="live-venue-form" onClick={() => setVenueOpen(!venueOpen)}>
            Live venue
          </button>
        ) : null}
        <span className="session-bar__spacer" />
        <button
          type="button"
          className="btn btn--danger-outline"
          disabled={cancellingAll}
          aria-label={cancellingAll ? 'Cancel everything: cancelling' : undefined}
          aria-keyshortcuts="Control+Shift+Backspace Meta+Shift+Backspace"
          title="Cancel every order of every active plan (Ctrl/Cmd+Shift+Backspace)"
          onClick={() => void cancelEverything()}
        >
          {cancellingAll ? 'Cancelling everything…' : 'Cancel everything'}
        </button>
      </div>
      {desktop && venueOpen ? <LiveVenueForm desktop={desktop} onClose={() => setVenueOpen(false)} /> : null}
      {showForm && mode !== 'live' ? <PaperSessionForm running={mode !== 'none'} onStarted={() => setFormOpen(false)} onClose={() => setFormOpen(false)} /> : null}
    </header>
  );
}
