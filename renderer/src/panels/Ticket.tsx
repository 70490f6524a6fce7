import { useEffect, useState, type ReactElement } from 'react';
import type { ExecutionDirective } from '../../../core/domain';
import { useClient, useDesk } from '../desk-context';
import { buildDirective, EMPTY_TICKET, EXECUTION_STYLES, TICKET_LABELS as L, type TicketField, type TicketFields } from '../forms/ticket-form';
import { Field } from './Field';
import { ImportDirectives } from './ImportDirectives';
import { fieldId } from './tones';
import { useCheckedSubmit, type Checked } from './use-checked-submit';
import { shortId } from './use-ledger';

const id = (field: TicketField) => fieldId('ticket', field);

/** The ticket's free-text inputs (the rest are selects and checkboxes). */
type TextField = 'quantity' | 'limitPrice' | 'windowMinutes' | 'chunks' | 'urgency' | 'visibility' | 'maxSlippage' | 'minFillRatio' | 'stopLoss' | 'takeProfit';

/**
 * New trade ticket: an ExecutionDirective in the seeds' wire format, checked
 * by the domain's schema before it is sent (errors at the field), and by the
 * engine after (its refusal shown under the form).
 */
export function Ticket(): ReactElement {
  const client = useClient();
  const now = useDesk((d) => d.status?.now ?? null);
  const firstSymbol = useDesk((d) => d.status?.market[0]?.symbol ?? null);
  const symbols = useDesk((d) => d.status?.market.map((m) => m.symbol).join(',') ?? '');
  const selectedPlanId = useDesk((d) => d.selectedPlanId);
  const selectPlan = useDesk((d) => d.selectPlan);
  const notify = useDesk((d) => d.notify);
  const [f, setFields] = useState<TicketFields>(EMPTY_TICKET);
  const [last, setLast] = useState<{ text: string; n: number } | null>(null);
  const set = <K extends TicketField>(key: K, value: TicketFields[K]) => setFields((x) => ({ ...x, [key]: value }));

  // The session's first symbol, once one is known and the trader has typed none.
  useEffect(() => {
    if (firstSymbol) setFields((x) => (x.symbol === '' ? { ...x, symbol: firstSymbol } : x));
  }, [firstSymbol]);

  const { errors, busy, submit } = useCheckedSubmit(
    (): Checked<TicketField, ExecutionDirective> => {
      if (now === null) return { ok: false, errors: { form: 'Not connected to the desk yet.' } };
      const built = buildDirective(f, { nowMs: now, targetPlanId: selectedPlanId });
      return built.ok ? { ok: true, request: built.directive } : built;
    },
    (directive) => client.submitDirective(directive),
    (value) => {
      setLast((prev) => ({ text: `${value.summary}${value.planId ? ` → plan ${shortId(value.planId)}` : ''}`, n: (prev?.n ?? 0) + 1 }));
      notify('info', `Submitted ${f.side} ${f.quantity} ${f.symbol}`);
      if (value.planId) selectPlan(value.planId);
    },
  );

  const input = (field: TextField, props: { inputMode?: 'decimal' | 'numeric'; placeholder?: string; disabled?: boolean } = {}) => (
    <Field id={id(field)} label={L[field]} error={errors[field]}>
      {(c) => (
        <input
          id={c.id}
          aria-describedby={c.describedBy}
          aria-invalid={c.invalid}
          autoComplete="off"
          value={f[field]}
          onChange={(e) => set(field, e.target.value)}
          {...props}
        />
      )}
    </Field>
  );

  return (
    <section className="panel ticket" aria-labelledby="ticket-title">
      <h2 className="panel__title" id="ticket-title">
        New trade
      </h2>
      <form className="ticket__form" aria-labelledby="ticket-title" onSubmit={(e) => void submit(e)} noValidate>
        <div className="ticket__grid">
          <Field id={id('symbol')} label={L.symbol} error={errors.symbol}>
            {(c) => (
              <>
                <input id={c.id} list="ticket-symbols" aria-describedby={c.describedBy} aria-invalid={c.invalid} autoComplete="off" value={f.symbol} onChange={(e) => set('symbol', e.target.value)} />
                <datalist id="ticket-symbols">
                  {symbols
                    .split(',')
                    .filter(Boolean)
                    .map((s) => (
                      <option key={s} value={s} />
                    ))}
                </datalist>
              </>
            )}
          </Field>
          <Field id={id('side')} label={L.side} error={errors.side}>
            {(c) => (
              <select id={c.id} aria-describedby={c.describedBy} className={`side-${f.side.toLowerCase()}`} value={f.side} onChange={(e) => set('side', e.target.value === 'SELL' ? 'SELL' : 'BUY')}>
                <option value="BUY">BUY</option>
                <option value="SELL">SELL</option>
              </select>
            )}
          </Field>
          {input('quantity', { inputMode: 'decimal', placeholder: '0.5' })}
          <Field id={id('entryType')} label={L.entryType} error={errors.entryType}>
            {(c) => (
              <select id={c.id} aria-describedby={c.describedBy} value={f.entryType} onChange={(e) => set('entryType', e.target.value === 'LIMIT' ? 'LIMIT' : 'MARKET')}>
                <option value="MARKET">Market</option>
                <option value="LIMIT">Limit</option>
              </select>
            )}
          </Field>
          {input('limitPrice', { inputMode: 'decimal', disabled: f.entryType !== 'LIMIT' })}
          <Field id={id('style')} label={L.style} error={errors.style}>
            {(c) => (
              <select id={c.id} aria-describedby={c.describedBy} value={f.style} onChange={(e) => set('style', e.target.value as TicketFields['style'])}>
                <option value="">Auto</option>
                {EXECUTION_STYLES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {input('windowMinutes', { inputMode: 'numeric' })}
          {input('chunks', { inputMode: 'numeric' })}
          <Field id={id('distribution')} label={L.distribution} error={errors.distribution}>
            {(c) => (
              <select id={c.id} aria-describedby={c.describedBy} value={f.distribution} onChange={(e) => set('distribution', e.target.value as TicketFields['distribution'])}>
                <option value="">—</option>
                <option value="UNIFORM">Uniform</option>
                <option value="WEIGHTED">Weighted</option>
              </select>
            )}
          </Field>
          {input('urgency', { inputMode: 'decimal', placeholder: '0–1' })}
          {input('visibility', { inputMode: 'decimal', placeholder: '0–1' })}
          {input('maxSlippage', { inputMode: 'decimal', placeholder: '0.005' })}
          {input('minFillRatio', { inputMode: 'decimal', placeholder: '0–1' })}
          {input('stopLoss', { inputMode: 'decimal' })}
          {input('takeProfit', { inputMode: 'decimal' })}
        </div>
        <div className="ticket__checks">
          <label>
            <input type="checkbox" checked={f.mustCompleteImmediately} onChange={(e) => set('mustCompleteImmediately', e.target.checked)} /> {L.mustCompleteImmediately}
          </label>
          <label>
            <input
              type="checkbox"
              checked={f.addToPlan}
              aria-describedby={errors.addToPlan ? `${id('addToPlan')}-error` : undefined}
              aria-invalid={errors.addToPlan !== undefined}
              onChange={(e) => set('addToPlan', e.target.checked)}
            />{' '}
            {L.addToPlan}
            {selectedPlanId ? <span className="muted mono"> ({shortId(selectedPlanId)})</span> : null}
          </label>
          {errors.addToPlan ? (
            <span className="field__error" id={`${id('addToPlan')}-error`}>
              {errors.addToPlan}
            </span>
          ) : null}
        </div>
        <div className="ticket__actions">
          <button type="submit" className={`btn btn--submit btn--${f.side.toLowerCase()}`} disabled={busy}>
            Submit
          </button>
          <ImportDirectives />
        </div>
        {errors.form ? (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        ) : last ? (
          <p className="form-ok" role="status" data-submitted={last.n}>
            {last.text}
          </p>
        ) : null}
      </form>
    </section>
  );
}
