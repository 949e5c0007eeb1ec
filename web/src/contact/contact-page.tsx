import { useState, type FormEvent } from 'react';
import { gatepost, type Contact, type ContactInput } from '../gatepost';
import { useIdempotencyKeys } from '../idempotency-key';
import { Field } from '../ui/field';
import { Failure, Success } from '../ui/notice';
import { useAction } from '../use-action';

const EMPTY = { name: '', email: '', message: '' };

/** The form's text as the contract takes it: an empty message is no message. */
function toInput(form: typeof EMPTY): ContactInput {
  return { name: form.name, email: form.email, ...(form.message ? { message: form.message } : {}) };
}

export function ContactPage() {
  const [form, setForm] = useState(EMPTY);
  // Fields changed since the last answer: their old error no longer describes them.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const keys = useIdempotencyKeys();
  const submit = useAction(async (input: ContactInput): Promise<Contact> => {
    const contact = await gatepost.trpc.contacts.submit.mutate(input, { context: { idempotencyKey: keys.keyFor(input) } });
    keys.settle();
    setForm(EMPTY);
    return contact;
  });
  const problem = submit.state.status === 'failed' ? submit.state.problem : undefined;
  const errorOf = (field: string) => (edited.has(field) ? undefined : problem?.fields[field]);

  function change(field: keyof typeof EMPTY, value: string) {
    setForm((previous) => ({ ...previous, [field]: value }));
    setEdited((previous) => new Set(previous).add(field));
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setEdited(new Set());
    void submit.run(toInput(form));
  }

  return (
    <section aria-labelledby="contact-title">
      <h1 id="contact-title">Contact us</h1>
      <p className="lead">
        Sent with <code>contacts.submit</code> over tRPC. The server validates; its field errors appear next to each field.
      </p>
      <form onSubmit={onSubmit} noValidate aria-label="Contact form">
        <Field
          name="name"
          label="Name"
          value={form.name}
          onChange={(event) => change('name', event.target.value)}
          error={errorOf('name')}
        />
        <Field
          name="email"
          label="Email"
          type="email"
          value={form.email}
          onChange={(event) => change('email', event.target.value)}
          error={errorOf('email')}
        />
        <Field
          name="message"
          label="Message"
          error={errorOf('message')}
          control={(a11y) => (
            <textarea name="message" rows={5} value={form.message} onChange={(event) => change('message', event.target.value)} {...a11y} />
          )}
        />
        <button type="submit" disabled={submit.pending}>
          {submit.pending ? 'Sending…' : problem?.retryable ? 'Try again' : 'Send'}
        </button>
      </form>
      {problem && (
        <Failure problem={problem} hint={problem.retryable ? 'Trying again sends the same submission: it is recorded once.' : undefined} />
      )}
      {submit.state.status === 'done' && (
        <Success>
          Thank you, <strong data-testid="contact-name">{submit.state.result.name}</strong>. Your message was received as{' '}
          <code data-testid="contact-id">{submit.state.result.id}</code> at{' '}
          <time dateTime={submit.state.result.createdAt}>{new Date(submit.state.result.createdAt).toLocaleString()}</time>.
        </Success>
      )}
    </section>
  );
}
