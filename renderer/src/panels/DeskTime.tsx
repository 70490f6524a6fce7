import { useEffect, useReducer, type ReactElement } from 'react';
import type { EngineStatus } from '../../../core/engine/status';
import { formatUtcDateTime } from '../format/time';
import { deskClockAt } from '../store/desk-clock';

/** How often the clock and the data age are redrawn between status pushes (page time). */
const TICK_MS = 500;

/** "0:42" / "12:05" / "3 h 04 min": the age of the newest market bar, in desk (simulated) time. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function lastBarAt(status: EngineStatus): number | null {
  return status.market.reduce<number | null>((max, q) => (max === null || q.at > max ? q.at : max), null);
}

/**
 * The desk clock and how old the newest market bar is, running on between
 * status pushes (desk-clock.ts): a market that stops sending bars shows as
 * a growing, then late, then stale age, not as a frozen "0:00".
 * `data-now` stays the engine's own last reported time (tests read it).
 */
export function DeskTime({ status, statusAt }: { readonly status: EngineStatus | null; readonly statusAt: number | null }): ReactElement {
  const [, tick] = useReducer((n: number) => n + 1, 0);
  const running = status !== null && statusAt !== null && !status.paused;
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(tick, TICK_MS);
    return () => clearInterval(timer);
  }, [running]);
  const now = status && statusAt !== null ? deskClockAt(status, statusAt, performance.now()) : null;
  const barAt = status ? lastBarAt(status) : null;
  const age = now !== null && barAt !== null ? now - barAt : null;
  return (
    <>
      <span className="session-bar__item session-bar__clock" data-testid="desk-clock" data-now={status?.now ?? ''}>
        {now !== null ? formatUtcDateTime(now).replace(/\.\d{3} /, ' ') : '—'}
      </span>
      <span className="session-bar__item" title="Desk time since the newest market bar closed">
        <span className="session-bar__label">Data age</span>
        <span className={`age ${age === null ? '' : age > 5 * 60_000 ? 'age--stale' : age > 2 * 60_000 ? 'age--late' : 'age--fresh'}`}>
          {age === null ? '—' : formatAge(age)}
        </span>
      </span>
    </>
  );
}
