import type { ReactElement } from 'react';

/** A settings form's foot: submit (its label while busy), Close, and the refusal that belongs to no field. */
export function FormActions(props: {
  readonly submit: string;
  readonly busyLabel: string;
  readonly busy: boolean;
  readonly disabled?: boolean;
  readonly onClose: () => void;
  readonly error: string | undefined;
}): ReactElement {
  return (
    <>
      <div className="session-form__actions">
        <button type="submit" className="btn btn--primary" disabled={props.busy || props.disabled === true}>
          {props.busy ? props.busyLabel : props.submit}
        </button>
        <button type="button" className="btn" onClick={props.onClose}>
          Close
        </button>
      </div>
      {props.error ? (
        <p className="form-error" role="alert">
          {props.error}
        </p>
      ) : null}
    </>
  );
}
