import type { ReactElement, ReactNode } from 'react';

/**
 * A labelled form field with its error next to it. The control gets the
 * error's id through `describedBy` (aria-describedby) and `invalid`
 * (aria-invalid), so assistive technology reads the message with the field.
 */
export function Field(props: {
  readonly id: string;
  readonly label: string;
  readonly error?: string | undefined;
  readonly hint?: string;
  readonly className?: string;
  readonly children: (control: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}): ReactElement {
  const errorId = `${props.id}-error`;
  return (
    <div className={`field${props.error ? ' field--invalid' : ''}${props.className ? ` ${props.className}` : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.children({ id: props.id, describedBy: props.error ? errorId : undefined, invalid: props.error !== undefined })}
      {props.error ? (
        <span className="field__error" id={errorId}>
          {props.error}
        </span>
      ) : props.hint ? (
        <span className="field__hint">{props.hint}</span>
      ) : null}
    </div>
  );
}
