import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ConstraintMessages } from './constraint-messages';
import { files } from './files';

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    message: text('message'),
    /** The file sent with the message, if any. */
    attachmentId: uuid('attachment_id').references(() => files.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  // contacts.list pages newest first by (created_at, id): read backwards, this index serves
  // both its ORDER BY and its keyset comparison, so a page costs its own rows, not a sort of all.
  (table) => [
    index('contacts_created_at_id').on(table.createdAt, table.id),
    // A file is one message's attachment: two messages racing to attach one file cannot both win.
    uniqueIndex('contacts_attachment_unique').on(table.attachmentId),
  ],
);

export const contactsConstraintMessages: ConstraintMessages = {
  contacts_attachment_unique: { path: ['attachmentId'], message: 'is attached to another message already' },
};

export type ContactRow = typeof contacts.$inferSelect;
