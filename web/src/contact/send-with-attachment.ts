import { IDEMPOTENCY_KEY_HEADER } from '@gatepost/client';
import type { Contact, ContactInput } from '../gatepost';
import { postForm } from '../post-form';

export interface SendOptions {
  readonly idempotencyKey: string;
  readonly signal: AbortSignal;
  readonly onProgress: (sent: number, total: number) => void;
}

/**
 * `contacts.submit` with its attachment, as one multipart request to the REST route
 * (`POST /api/contacts`, answered 201 with the Contact): the typed client would send the same
 * FormData over tRPC, but with fetch, which reports no upload progress. Text parts go first, so
 * the server has read them when the file starts to stream. Sent again with the same idempotency key
 * (Try again after a lost answer), the server replays the first answer: it fingerprints a file by
 * what it is (name, type, size, hash), so the same file is the same request.
 */
export async function sendWithAttachment(input: ContactInput, attachment: File, options: SendOptions): Promise<Contact> {
  const form = new FormData();
  form.set('name', input.name);
  form.set('email', input.email);
  if (input.message !== undefined) form.set('message', input.message);
  form.set('attachment', attachment, attachment.name);
  const contact = await postForm('/api/contacts', form, {
    headers: { [IDEMPOTENCY_KEY_HEADER]: options.idempotencyKey },
    signal: options.signal,
    onProgress: options.onProgress,
  });
  return contact as Contact;
}
