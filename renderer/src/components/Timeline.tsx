import type { ReactElement } from 'react';
import type { z } from 'zod';
import type { TimelineEntrySchema } from '../../../core/journal/timeline';
import { formatCount } from '../format/number';
import { humanize, timelineKindTone } from '../format/labels';
import { formatUtcDateTime, formatUtcTime } from '../format/time';
import './components.css';

/** A decoded timeline entry (z.output of TimelineEntrySchema: `at` is a Date). */
export type TimelineEntry = z.output<typeof TimelineEntrySchema>;

/**
 * The timeline of one order or one group, from the journal and the fills.
 *
 * Props contract:
 * - `entries`: decoded TimelineEntry values as the `timeline` query returns
 *   them, in the ledger's write order (which is causal order: a fill after
 *   the entries that existed when it was recorded). They are shown in that
 *   order, newest last, never re-sorted by clock time.
 * - Only the newest `maxEntries` (default 500) are rendered; a line says how
 *   many earlier ones are left out.
 * - `label` names the list for assistive technology ("Order ORD_…").
 */
export interface TimelineProps {
  readonly entries: readonly TimelineEntry[];
  readonly label?: string;
  readonly maxEntries?: number;
  readonly emptyText?: string;
}

export const DEFAULT_TIMELINE_ENTRIES = 500;

export function Timeline(props: TimelineProps): ReactElement {
  const { entries, label = 'Timeline', maxEntries = DEFAULT_TIMELINE_ENTRIES, emptyText = 'Nothing journaled yet' } = props;
  const limit = Math.max(1, Math.floor(maxEntries));
  const hidden = Math.max(0, entries.length - limit);
  const shown = hidden > 0 ? entries.slice(hidden) : entries;
  return (
    <section className="ld-timeline" aria-label={label}>
      {hidden > 0 ? <p className="ld-timeline__hidden">{`${formatCount(hidden)} earlier entries not shown`}</p> : null}
      {entries.length === 0 ? (
        <p className="ld-timeline__empty">{emptyText}</p>
      ) : (
        <ol className="ld-timeline__list">
          {shown.map((e) => (
            <li key={`${e.source}:${e.ref}`} className="ld-timeline__entry">
              <time className="ld-timeline__time" dateTime={e.at.toISOString()} title={formatUtcDateTime(e.at)}>
                {formatUtcTime(e.at)}
              </time>
              <span className={`ld-badge ld-tone--${timelineKindTone(e.kind)}`}>{humanize(e.kind)}</span>
              <span className="ld-timeline__message">{e.message}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
