import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The transactional outbox: events written in the same transaction as the change they describe,
 * so an event exists exactly when its change was committed. `payment.capture` events are consumed by
 * the payment reconciler (server/src/payments/reconcile-payments.ts); the rest await outbound webhooks.
 */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Set once delivered; unpublished events are the delivery queue. */
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    index('outbox_events_created_at').on(table.createdAt),
    // Consumers look for what is still to do; delivered events pile up and must not be scanned.
    index('outbox_events_pending')
      .on(table.type, table.createdAt)
      .where(sql`${table.publishedAt} is null`),
  ],
);

export type OutboxEventRow = typeof outboxEvents.$inferSelect;
