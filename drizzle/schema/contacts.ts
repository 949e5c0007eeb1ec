import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
  (table) => [index('contacts_created_at_id').on(table.createdAt, table.id)],
);

export type ContactRow = typeof contacts.$inferSelect;
