import { useRef, useState, type FormEvent } from 'react';
import { gatepost, type Contact, type ContactInput } from '../gatepost';
import { useIdempotencyKeys } from '../idempotency-key';
import { useSession } from '../session';
import { Field } from '../ui/field';
import { humanSize } from '../ui/human-size';
import { Failure, Success } from '../ui/notice';
import { ProgressBar } from '../ui/progress-bar';
import { useAction } from '../use-action';
import { sendWithAttachment } from './send-with-attachment';
import { uploadAttachmentResumably } from './upload-attachment-resumably';
import { CHUNK_BYTES } from '../account/use-resumable-upload';

const EMPTY = { name: '', email: '', message: '' };

/** What contacts.submit's attachment takes (checked by content on the server); the picker offers these. */
const ATTACHMENT_TYPES = 'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain';

/** The form's text and file as the contract takes them: an empty message is no message. */
function toInput(form: typeof EMPTY, attachment: File | null): ContactInput {
  return { name: form.name, email: form.email, ...(form.message ? { message: form.message } : {}), ...(attachment ? { attachment } : {}) };
}

/** What makes two submissions the same one, for their idempotency key: a File serializes as `{}`, so it is described. */
function submissionIdentity(input: ContactInput): unknown {
  const { attachment, ...text } = input;
  return attachment ? { ...text, attachment: [attachment.name, attachment.size, attachment.type, attachment.lastModified] } : text;
}

interface Sent {
  /** The recorded contact (a replay of the first answer when a try after a lost answer sent it again). */
  readonly contact: Contact;
}

export function ContactPage() {
  const { user } = useSession();
  const [form, setForm] = useState(EMPTY);
  const [attachment, setAttachment] = useState<File | null>(null);
  // A file input cannot be emptied by a value: a new key mounts a new, empty one.
  const [pickerKey, setPickerKey] = useState(0);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const sending = useRef<AbortController | null>(null);
  // Fields changed since the last answer: their old error no longer describes them.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const keys = useIdempotencyKeys();
  const submit = useAction(async (input: ContactInput): Promise<Sent> => {
    const idempotencyKey = keys.keyFor(submissionIdentity(input));
    let contact: Contact;
    if (input.attachment) {
      const controller = new AbortController();
      sending.current = controller;
      setProgress({ sent: 0, total: input.attachment.size });
      const onProgress = (sent: number, total: number) => setProgress({ sent, total });
      try {
        if (user && input.attachment.size > CHUNK_BYTES) {
          // Large, and the sender has an account: uploaded resumably first, then attached by id.
          const { attachment, ...message } = input;
          const attachmentId = await uploadAttachmentResumably(attachment, { userId: user.id, signal: controller.signal, onProgress });
          contact = await gatepost.trpc.contacts.submit.mutate({ ...message, attachmentId }, { context: { idempotencyKey } });
        } else {
          contact = await sendWithAttachment(input, input.attachment, { idempotencyKey, signal: controller.signal, onProgress });
        }
      } finally {
        sending.current = null;
      }
    } else {
      contact = await gatepost.trpc.contacts.submit.mutate(input, { context: { idempotencyKey } });
    }
    keys.settle();
    setForm(EMPTY);
    setAttachment(null);
    setPickerKey((key) => key + 1);
    return { contact };
  });
  const problem = submit.state.status === 'failed' ? submit.state.problem : undefined;
  const errorOf = (field: string) => (edited.has(field) ? undefined : problem?.fields[field]);
  const uploading = submit.pending && progress !== null && attachment !== null;

  function change(field: keyof typeof EMPTY, value: string) {
    setForm((previous) => ({ ...previous, [field]: value }));
    setEdited((previous) => new Set(previous).add(field));
  }

  function choose(file: File | null) {
    setAttachment(file);
    setProgress(null);
    setEdited((previous) => new Set(previous).add('attachment'));
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setEdited(new Set());
    void submit.run(toInput(form, attachment));
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
        <Field
          key={pickerKey}
          name="attachment"
          label="Attachment (optional: an image, a PDF or a text file, up to 100 MB)"
          type="file"
          accept={ATTACHMENT_TYPES}
          disabled={submit.pending}
          onChange={(event) => choose(event.target.files?.[0] ?? null)}
          error={errorOf('attachment')}
        />
        {uploading && (
          <ProgressBar id="attachment-progress" label={`Sending ${attachment.name}`} done={progress.sent} total={progress.total} />
        )}
        <div className="actions">
          <button type="submit" disabled={submit.pending}>
            {submit.pending ? 'Sending…' : problem?.retryable ? 'Try again' : 'Send'}
          </button>
          {uploading && (
            <button type="button" className="secondary" onClick={() => sending.current?.abort()}>
              Cancel
            </button>
          )}
        </div>
      </form>
      {problem?.code === 'CANCELLED' && (
        <div className="notice" role="status">
          {problem.message}
        </div>
      )}
      {problem && problem.code !== 'CANCELLED' && (
        <Failure problem={problem} hint={problem.retryable ? 'Trying again sends the same submission: it is recorded once.' : undefined} />
      )}
      {submit.state.status === 'done' && <Received sent={submit.state.result} signedIn={Boolean(user)} />}
    </section>
  );
}

/** The notice for a recorded message, naming its attachment; a signed-in sender may download it again (it is theirs). */
function Received({ sent, signedIn }: { readonly sent: Sent; readonly signedIn: boolean }) {
  const { contact } = sent;
  const { attachment } = contact;
  return (
    <Success>
      Thank you, <strong data-testid="contact-name">{contact.name}</strong>. Your message was received as{' '}
      <code data-testid="contact-id">{contact.id}</code> at{' '}
      <time dateTime={contact.createdAt}>{new Date(contact.createdAt).toLocaleString()}</time>.
      {attachment && (
        <p className="attachment-received" data-testid="contact-attachment">
          Attached: <strong>{attachment.name}</strong> ({humanSize(attachment.sizeBytes)})
          {signedIn && (
            <>
              {' '}
              <a href={attachment.url} download={attachment.name}>
                Download it
              </a>
            </>
          )}
        </p>
      )}
    </Success>
  );
}
