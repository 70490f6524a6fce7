import { useState, type ReactElement } from 'react';
import { useClient, useDesk } from '../desk-context';
import { buildSessionRequest, DEFAULT_SESSION, type SessionFields } from '../forms/session-form';
import { Field } from './Field';
import { FormActions } from './FormActions';
import { fieldId } from './tones';
import { useCheckedSubmit } from './use-checked-submit';

const id = (field: string) => fieldId('session', field);

/** Start a paper session: symbols, balances, a synthetic or CSV market; errors at the field. */
export function PaperSessionForm(props: { readonly running: boolean; readonly onStarted: () => void; readonly onClose: () => void }): ReactElement {
  const client = useClient();
  const notify = useDesk((d) => d.notify);
  const [fields, setFields] = useState<SessionFields>(DEFAULT_SESSION);
  const set = <K extends keyof SessionFields>(key: K, value: SessionFields[K]) => setFields((f) => ({ ...f, [key]: value }));
  const { errors, busy, submit } = useCheckedSubmit(
    () => buildSessionRequest(fields),
    (request) => client.startPaperSession(request),
    () => {
      notify('info', `Paper session started: ${fields.symbols}`);
      props.onStarted();
    },
  );

  const readCsv = async (file: File | undefined) => {
    if (!file) return;
    const text = await file.text();
    setFields((f) => ({ ...f, csvName: file.name, csvText: text }));
  };

  return (
    <form id="paper-session-form" className="session-form" aria-label="New paper session" onSubmit={(e) => void submit(e)} noValidate>
      {props.running ? <p className="session-form__note">A session is running: stop it before starting another.</p> : null}
      <Field id={id('symbols')} label="Symbols" error={errors.symbols} hint="comma-separated, e.g. BTC/USDT, ETH/USDT">
        {(c) => <input id={c.id} aria-describedby={c.describedBy} aria-invalid={c.invalid} value={fields.symbols} onChange={(e) => set('symbols', e.target.value)} />}
      </Field>
      <Field id={id('balances')} label="Balances" error={errors.balances} hint="ASSET=amount, …">
        {(c) => <input id={c.id} aria-describedby={c.describedBy} aria-invalid={c.invalid} value={fields.balances} onChange={(e) => set('balances', e.target.value)} />}
      </Field>
      <fieldset className="field field--radios">
        <legend>Market source</legend>
        <label>
          <input type="radio" name="source" checked={fields.source === 'synthetic'} onChange={() => set('source', 'synthetic')} /> Synthetic
        </label>
        <label>
          <input type="radio" name="source" checked={fields.source === 'csv'} onChange={() => set('source', 'csv')} /> CSV file
        </label>
      </fieldset>
      {fields.source === 'synthetic' ? (
        <>
          <Field id={id('startPrices')} label="Start prices" error={errors.startPrices} hint="one per symbol">
            {(c) => <input id={c.id} aria-describedby={c.describedBy} aria-invalid={c.invalid} value={fields.startPrices} onChange={(e) => set('startPrices', e.target.value)} />}
          </Field>
          <Field id={id('seed')} label="Seed" error={errors.seed}>
            {(c) => <input id={c.id} inputMode="numeric" aria-describedby={c.describedBy} aria-invalid={c.invalid} value={fields.seed} onChange={(e) => set('seed', e.target.value)} />}
          </Field>
        </>
      ) : (
        <Field id={id('csv')} label="Candles CSV" error={errors.csv} hint={fields.csvName || 'one symbol, one-minute candles'}>
          {(c) => <input id={c.id} type="file" accept=".csv,text/csv" aria-describedby={c.describedBy} aria-invalid={c.invalid} onChange={(e) => void readCsv(e.target.files?.[0])} />}
        </Field>
      )}
      <Field id={id('speed')} label="Clock speed" error={errors.speed} hint="1–100× real time">
        {(c) => <input id={c.id} inputMode="numeric" aria-describedby={c.describedBy} aria-invalid={c.invalid} value={fields.speed} onChange={(e) => set('speed', e.target.value)} />}
      </Field>
      <Field id={id('fidelity')} label="Fidelity" error={errors.fidelity}>
        {(c) => (
          <select id={c.id} aria-describedby={c.describedBy} value={fields.fidelity} onChange={(e) => set('fidelity', e.target.value === 'optimistic' ? 'optimistic' : 'realistic')}>
            <option value="realistic">realistic</option>
            <option value="optimistic">optimistic</option>
          </select>
        )}
      </Field>
      <FormActions submit="Start session" busyLabel="Starting…" busy={busy} disabled={props.running} onClose={props.onClose} error={errors.form} />
    </form>
  );
}
