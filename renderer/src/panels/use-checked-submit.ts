import { useState, type FormEvent } from 'react';
import type { ApiResult } from '../../../core/api/result';
import type { FieldErrors } from '../forms/field-errors';

/** A form's request as its builder judged it: ready to send, or errors at the fields. */
export type Checked<F extends string, Q> = { readonly ok: true; readonly request: Q } | { readonly ok: false; readonly errors: FieldErrors<F> };

/**
 * The submit every form shares: build the request (its errors go to the
 * fields and nothing is sent), send it while `busy`, show a refusal under
 * the form, and hand an answer to `onDone`.
 */
export function useCheckedSubmit<F extends string, Q, R>(
  build: () => Checked<F, Q>,
  send: (request: Q) => Promise<ApiResult<R>>,
  onDone: (value: R, request: Q) => void,
): { readonly errors: FieldErrors<F>; readonly busy: boolean; readonly submit: (e: FormEvent) => Promise<void> } {
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const built = build();
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const r = await send(built.request);
      if (r.ok) onDone(r.value, built.request);
      else setErrors({ form: `${r.error.message} (${r.error.code})` } as FieldErrors<F>);
    } finally {
      setBusy(false);
    }
  };
  return { errors, busy, submit };
}
