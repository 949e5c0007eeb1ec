import { publicMessageOf, type GatepostError, type InputIssue } from '@gatepost/shared';
import { html, type SafeHtml } from './html';

/** The hidden field that carries the CSRF token (the name @fastify/csrf-protection reads by default). */
export const CSRF_FIELD = '_csrf';

/** The hidden field that carries the form's idempotency key, drawn anew with each form. */
export const IDEMPOTENCY_FIELD = '_idempotency_key';

export interface FormFieldSpec {
  /** The input field it fills: `email`, or a nested path such as `items.0.quantity`. */
  readonly name: string;
  readonly label: string;
  readonly type: 'text' | 'email' | 'password' | 'textarea' | 'file';
  /** For a file field: the media types to offer in the browser's picker (the server checks the content). */
  readonly accept?: readonly string[];
  readonly autocomplete?: string;
  /** What to write, shown under the label (and announced with the field). */
  readonly hint?: string;
}

export interface FormSpec {
  /** Prefixes the ids of the form's elements: `contact` gives `contact-email`. */
  readonly id: string;
  readonly action: string;
  readonly submitLabel: string;
  readonly fields: readonly FormFieldSpec[];
}

/** A form with a file field posts multipart/form-data (HTML: a file is sent only in that encoding). */
function encodingOf(form: FormSpec): string {
  return form.fields.some((field) => field.type === 'file') ? 'multipart/form-data' : 'application/x-www-form-urlencoded';
}

export interface FormState {
  /** What was sent, shown again (a password never is). */
  readonly values: (name: string) => string | undefined;
  readonly csrfToken: string;
  /** Sent back as the call's Idempotency-Key: the same form sent twice runs once. */
  readonly idempotencyKey: string;
  /** Why the last post was refused. */
  readonly error?: GatepostError;
  readonly requestId?: string;
}

/**
 * A form as the demo app draws it, for browsers without JavaScript. Refused, it shows a summary
 * first (role="alert", each problem linking to its field) and each field's message under it,
 * bound by aria-describedby, the field marked aria-invalid. `novalidate`: the contract's own
 * messages are the ones shown, the same a JSON client reads, not the browser's.
 */
export function renderForm(form: FormSpec, state: FormState): SafeHtml {
  const issues = state.error?.issues ?? [];
  return html`${state.error && renderSummary(form, state.error, state.requestId)}
    <form method="post" action="${form.action}" enctype="${encodingOf(form)}" novalidate>
      <input type="hidden" name="${CSRF_FIELD}" value="${state.csrfToken}" />
      <input type="hidden" name="${IDEMPOTENCY_FIELD}" value="${state.idempotencyKey}" />
      ${form.fields.map((field) => renderField(form, field, state, messageFor(issues, field.name)))}
      <button type="submit">${form.submitLabel}</button>
    </form>`;
}

function renderSummary(form: FormSpec, error: GatepostError, requestId: string | undefined): SafeHtml {
  const issues = error.issues ?? [];
  const items =
    issues.length > 0
      ? issues.map((issue) => {
          const name = pathOf(issue);
          const field = form.fields.find((candidate) => candidate.name === name);
          // A problem with no field of its own on the form (an unknown field, the whole input) is listed as written.
          return field
            ? html`<li><a href="#${fieldId(form, name)}">${field.label}: ${issue.message}</a></li>`
            : html`<li>${name ? `${name}: ` : ''}${issue.message}</li>`;
        })
      : [html`<li>${publicMessageOf(error, requestId)}</li>`];
  return html`<div class="notice notice-failure" role="alert" id="${form.id}-problems">
    <h2>There is a problem</h2>
    <ul>
      ${items}
    </ul>
  </div>`;
}

function renderField(form: FormSpec, field: FormFieldSpec, state: FormState, message: string | undefined): SafeHtml {
  const id = fieldId(form, field.name);
  const hintId = field.hint ? `${id}-hint` : undefined;
  const errorId = message ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  // A password is never drawn again, and a file input cannot be given a value.
  const value = field.type === 'password' || field.type === 'file' ? undefined : state.values(field.name);
  const attributes = html`id="${id}" name="${field.name}" ${field.autocomplete && html`autocomplete="${field.autocomplete}"`}
  ${describedBy && html`aria-describedby="${describedBy}"`} ${message && html`aria-invalid="true"`}`;
  const control =
    field.type === 'textarea'
      ? html`<textarea ${attributes} rows="5">${value ?? ''}</textarea>`
      : field.type === 'file'
        ? html`<input type="file" ${attributes} ${field.accept && html`accept="${field.accept.join(',')}"`} />`
        : html`<input type="${field.type}" ${attributes} ${value !== undefined && html`value="${value}"`} />`;
  return html`<div class="field${message ? ' field-invalid' : ''}" data-field="${field.name}">
    <label for="${id}">${field.label}</label>
    ${field.hint && html`<p class="hint" id="${hintId}">${field.hint}</p>`} ${control}
    ${message && html`<p class="field-error" id="${errorId}">${message}</p>`}
  </div>`;
}

function fieldId(form: FormSpec, name: string): string {
  return `${form.id}-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function pathOf(issue: InputIssue): string {
  return issue.path.join('.');
}

/** Every message about one field, as one sentence. */
function messageFor(issues: readonly InputIssue[], name: string): string | undefined {
  const messages = issues.filter((issue) => pathOf(issue) === name).map((issue) => issue.message);
  return messages.length > 0 ? messages.join('; ') : undefined;
}
