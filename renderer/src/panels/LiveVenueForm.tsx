import { useEffect, useState, type ReactElement } from 'react';
import type { Client } from '../../../core/api/client';
import type { DesktopContract } from '../../../core/api/desktop-contract';
import { useDesk } from '../desk-context';
import { buildLiveVenueRequest, DEFAULT_LIVE_VENUE, type LiveVenueFields } from '../forms/live-venue-form';
import { Field } from './Field';
import { FormActions } from './FormActions';
import { fieldId } from './tones';
import { useCheckedSubmit } from './use-checked-submit';

const id = (field: string) => fieldId('live', field);

/**
 * The desktop app's live venue: the exchange and symbols (saved to live.json)
 * and the API key and secret (saved to the OS keychain through safeStorage).
 * The keys are never shown back, only whether both are stored; the engine
 * connects at the next start.
 */
export function LiveVenueForm(props: { readonly desktop: Client<DesktopContract>; readonly onClose: () => void }): ReactElement {
  const { desktop } = props;
  const notify = useDesk((d) => d.notify);
  const [fields, setFields] = useState<LiveVenueFields>(DEFAULT_LIVE_VENUE);
  const [stored, setStored] = useState<string | null>(null);
  const set = <K extends keyof LiveVenueFields>(key: K, value: LiveVenueFields[K]) => setFields((f) => ({ ...f, [key]: value }));

  useEffect(() => {
    let live = true;
    void desktop.liveSettings().then((r) => {
      if (!live || !r.ok) return;
      const { venue, keysStored } = r.value;
      if (venue) setFields((f) => ({ ...f, exchangeId: venue.exchangeId, symbols: venue.symbols.join(', ') }));
      setStored(venue ? `${venue.exchangeId} ${venue.symbols.join(', ')}; keys ${keysStored ? 'stored in the keychain' : 'not stored'}` : 'none: the desk trades paper sessions');
    });
    return () => {
      live = false;
    };
  }, [desktop]);

  const { errors, busy, submit } = useCheckedSubmit(
    () => buildLiveVenueRequest(fields),
    (request) => desktop.saveLiveSettings(request),
    (_saved, request) => {
      setFields((f) => ({ ...f, apiKey: '', secret: '' }));
      notify('info', `Live venue saved (${request.venue.exchangeId}); restart Ledgerdesk to connect`);
      props.onClose();
    },
  );

  const secretInput = (field: 'apiKey' | 'secret', label: string) => (
    <Field id={id(field)} label={label} error={errors[field]} hint="kept in the OS keychain, never shown again">
      {(c) => (
        <input
          id={c.id}
          type="password"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={c.describedBy}
          aria-invalid={c.invalid}
          value={fields[field]}
          onChange={(e) => set(field, e.target.value)}
        />
      )}
    </Field>
  );

  return (
    <form id="live-venue-form" className="session-form" aria-label="Live venue" onSubmit={(e) => void submit(e)} noValidate>
      <p className="session-form__note">Now: {stored ?? '…'}</p>
      <Field id={id('exchangeId')} label="Exchange" error={errors.exchangeId} hint="ccxt id, e.g. binance">
        {(c) => <input id={c.id} aria-describedby={c.describedBy} aria-invalid={c.invalid} value={fields.exchangeId} onChange={(e) => set('exchangeId', e.target.value)} />}
      </Field>
      <Field id={id('symbols')} label="Symbols" error={errors.symbols} hint="comma-separated, e.g. BTC/USDT, ETH/USDT">
        {(c) => <input id={c.id} aria-describedby={c.describedBy} aria-invalid={c.invalid} value={fields.symbols} onChange={(e) => set('symbols', e.target.value)} />}
      </Field>
      {secretInput('apiKey', 'API key')}
      {secretInput('secret', 'API secret')}
      <FormActions submit="Save live venue" busyLabel="Saving…" busy={busy} onClose={props.onClose} error={errors.form} />
    </form>
  );
}
