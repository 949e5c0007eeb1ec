import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * Uploaded files. The bytes live in the file storage (disk or S3) under the row's id, written
 * before the row; the row is written in the mutation's transaction, so a stored object whose row
 * never committed is an orphan, removed at once by the upload's request or later by the sweeper.
 */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey(),
    /** Who uploaded it; null for anonymous uploads (a contact form's attachment), which only admins read. */
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    mediaType: text('media_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    description: text('description'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    index('files_owner_created_at').on(table.ownerId, table.createdAt),
    check('files_size_not_negative', sql`${table.sizeBytes} >= 0`),
    check('files_sha256_hex', sql`${table.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);

export type FileRow = typeof files.$inferSelect;
