import { z } from 'zod';
import { bulkItems, defineMutation, defineQuery, entityId, timestamp } from '../define';

export const SubmitContactInput = z.strictObject({
  name: z.string().trim().min(1).max(100).describe('Who is writing'),
  email: z.email().max(254).describe('Where to answer'),
  message: z.string().max(5000).optional().describe('What they have to say'),
});

export const Contact = z
  .object({
    id: entityId(),
    name: z.string(),
    email: z.string(),
    message: z.string().nullable(),
    createdAt: timestamp(),
  })
  .meta({ id: 'Contact', description: 'A message sent through the contact form' });

export const submitContact = defineMutation({
  name: 'contacts.submit',
  description: 'Send a message through the contact form.',
  auth: 'public',
  input: SubmitContactInput,
  output: Contact,
});

export const submitManyContacts = defineMutation({
  name: 'contacts.submitMany',
  graphqlName: 'submitManyContacts',
  description: 'Send 1 to 1000 contact messages at once, all or none; returns them in input order.',
  auth: 'public',
  bulk: true,
  input: bulkItems(SubmitContactInput),
  output: z.array(Contact),
});

export const getContact = defineQuery({
  name: 'contacts.get',
  description: 'Read one contact message back by its id; null when there is none.',
  auth: 'public',
  input: z.strictObject({ id: entityId() }),
  output: Contact.nullable(),
});

export const contacts = { submit: submitContact, submitMany: submitManyContacts, get: getContact };
