import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ConstraintMessages } from './constraint-messages';
import { users } from './users';

/**
 * Reservations of a resource for [starts_at, ends_at). No two active bookings of one resource
 * overlap: the exclusion constraint `bookings_no_overlap` (btree_gist, in migration
 * 0003_bookings_no_overlap — drizzle-kit cannot express it) holds that under any concurrency.
 */
export const bookings = pgTable(
  'bookings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    resourceId: text('resource_id').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [index('bookings_user_id').on(table.userId), check('bookings_period_ordered', sql`${table.startsAt} < ${table.endsAt}`)],
);

export const bookingsConstraintMessages: ConstraintMessages = {
  bookings_no_overlap: { path: ['from'], message: 'overlaps an active booking of this resource' },
};

export type BookingRow = typeof bookings.$inferSelect;
