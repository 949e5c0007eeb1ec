import type { InputHTMLAttributes, ReactNode } from 'react';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  readonly name: string;
  readonly label: string;
  /** The server's message for this field, shown under it and announced to screen readers. */
  readonly error?: string | undefined;
  /** Renders a control other than a single-line input (a textarea, a select). */
  readonly control?: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactNode;
}

/** A labelled control with its field error next to it; `data-field` lets tests find the pair. */
export function Field({ name, label, error, control, ...input }: FieldProps) {
  const id = `field-${name}`;
  const errorId = `${id}-error`;
  const a11y = { id, 'aria-invalid': error !== undefined, 'aria-describedby': error ? errorId : undefined };
  return (
    <div className={error ? 'field field-invalid' : 'field'} data-field={name}>
      <label htmlFor={id}>{label}</label>
      {control ? control(a11y) : <input name={name} {...input} {...a11y} />}
      {error && (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
