import type { ReactElement } from 'react';
import type { GroupProgress } from '../store/selectors';
import { qty } from './numbers';

/**
 * Filled vs target, with what is in flight drawn after it. role=progressbar
 * with aria-valuenow = whole percent filled; aria-valuetext says it in
 * words, in-flight included. Drawn in SVG: widths are attributes, so the CSP
 * (no inline styles) has nothing to refuse.
 */
export function ProgressBar({ progress, label }: { readonly progress: GroupProgress; readonly label: string }): ReactElement {
  const { filledPercent: f, inFlightPercent: w } = progress;
  const text =
    `${f}% filled (${qty(progress.filled)} of ${progress.target ? qty(progress.target) : 'no target'})` +
    (progress.inFlight.gt(0) ? `, ${qty(progress.inFlight)} in flight` : '') +
    (progress.overfilled ? ', OVERFILLED' : '');
  return (
    <div
      className={`progress${progress.overfilled ? ' progress--over' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={f}
      aria-valuetext={text}
      title={text}
    >
      <svg className="progress__svg" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
        <rect className="progress__track" x="0" y="0" width="100" height="6" />
        <rect className="progress__filled" x="0" y="0" width={f} height="6" />
        {w > 0 ? <rect className="progress__inflight" x={f} y="0" width={w} height="6" /> : null}
      </svg>
      <span className="progress__text">
        <span className="progress__pct">{f}%</span> {qty(progress.filled)} / {progress.target ? qty(progress.target) : '—'}
        {progress.inFlight.gt(0) ? <span className="progress__flight"> +{qty(progress.inFlight)} working</span> : null}
      </span>
    </div>
  );
}
