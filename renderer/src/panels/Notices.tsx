import type { ReactElement } from 'react';
import { useDesk } from '../desk-context';

/** Command failures and confirmations, newest last; errors are alerts. */
export function Notices(): ReactElement | null {
  const notices = useDesk((d) => d.notices);
  const dismiss = useDesk((d) => d.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-label="Notices">
      {notices.map((n) => (
        <li key={n.id} className={`notice notice--${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          <button type="button" className="notice__close" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
