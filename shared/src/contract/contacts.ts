import { z } from 'zod';
import { bulkItems, defineMutation, defineQuery, entityId, timestamp } from '../define';
import { file } from '../file-field';
import { StoredFile } from './files';

/** What a contact message says; a bulk submission carries these, with no attachments. */
const ContactMessage = z.strictObject({
  name: z.string().trim().min(1).max(100).describe('Who is writing'),
  email: z.email().max(254).describe('Where to answer'),
  message: z.string().max(5000).optional().describe('What they have to say'),
});

/** The media types a contact message's attachment may be: images, PDF and plain text, by content. */
export const ATTACHMENT_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'] as const;

export const SubmitContactInput = ContactMessage.extend({
  attachment: file({ maxBytes: 100 * 1024 ** 2, accept: ATTACHMENT_MEDIA_TYPES })
    .optional()
    .describe('A file to send with the message (an image, a PDF or text, up to 100 MiB)'),
  attachmentId: entityId()
    .optional()
    .describe('Instead of `attachment`: a file you uploaded before (files.upload, or resumably at /uploads) to attach'),
}).refine((input) => !(input.attachment && input.attachmentId), {
  path: ['attachmentId'],
  message: 'send a file or the id of one you uploaded, not both',
});

export const Contact = z
  .object({
    id: entityId(),
    name: z.string(),
    email: z.string(),
    message: z.string().nullable(),
    attachment: StoredFile.nullable().describe('The file sent with the message; null when none was'),
    createdAt: timestamp(),
  })
  .meta({ id: 'Contact', description: 'A message sent through the contact form' });

export const submitContact = defineMutation({
  name: 'contacts.submit',
  rest: { method: 'POST', path: '/contacts', status: 201, location: '/contacts/{id}' },
  description: 'Send a message through the contact form.',
  auth: 'public',
  input: SubmitContactInput,
  output: Contact,
});

/** A contact of a bulk submission, which carries no attachments: Contact without that field (its GraphQL cost grows with every item). */
export const SubmittedContact = Contact.omit({ attachment: true }).meta({
  id: 'SubmittedContact',
  description: 'A message sent in a bulk submission (no attachment)',
});

export const submitManyContacts = defineMutation({
  name: 'contacts.submitMany',
  graphqlName: 'submitManyContacts',
  description: 'Send 1 to 1000 contact messages at once, all or none; returns them in input order.',
  auth: 'public',
  bulk: true,
  input: bulkItems(ContactMessage),
  output: z.array(SubmittedContact),
});

export const getContact = defineQuery({
  name: 'contacts.get',
  rest: { method: 'GET', path: '/contacts/{id}' },
  description: 'Read one contact message back by its id; null when there is none.',
  auth: 'public',
  input: z.strictObject({ id: entityId() }),
  output: Contact.nullable(),
});

/**
 * Where a page of contacts ended: the last contact's `created_at` to the microsecond (a
 * JavaScript Date keeps only milliseconds, and rounding would skip or repeat rows) and its id,
 * which breaks ties between contacts written in the same transaction. Opaque to clients: they
 * pass back the `nextCursor` they were given.
 */
export const ContactCursor = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    'is not a cursor this server gave (pass back a nextCursor)',
  )
  .describe("A page's nextCursor");

export const ListContactsInput = z.strictObject({
  limit: z.number().int().min(1).max(100).default(20).describe('Contacts per page, 1 to 100'),
  before: ContactCursor.optional().describe('Continue after this cursor (a nextCursor); omit for the newest'),
});

export const ContactPage = z
  .object({
    items: z.array(Contact),
    nextCursor: z.string().nullable().describe('Pass as `before` for the next page; null on the last page'),
  })
  .meta({ id: 'ContactPage', description: 'Contact messages, newest first, and where the next page starts' });

export const listContacts = defineQuery({
  name: 'contacts.list',
  rest: { method: 'GET', path: '/contacts' },
  description: 'Contact messages, newest first, a page at a time (admins only).',
  auth: 'admin',
  input: ListContactsInput,
  output: ContactPage,
});

export const contacts = { submit: submitContact, submitMany: submitManyContacts, get: getContact, list: listContacts };
