import { index, json, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Completed calls that carried an Idempotency-Key, with their outcome, so a retry replays it.
 * A row is written in the same transaction as the call's effects: it exists exactly when they do.
 * Keys belong to a scope (the principal, or the client address for anonymous calls).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    operation: text('operation').notNull(),
    /** SHA-256 of the operation name and the canonical parsed input. */
    fingerprint: text('fingerprint').notNull(),
    /**
     * `{ ok: true, data }` or `{ ok: false, error: { code, message, issues? } }`. `json`, not
     * `jsonb`: it keeps the text as written, so a replay's body has the original's key order.
     */
    outcome: json('outcome').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.scope, table.key] }), index('idempotency_keys_expires_at').on(table.expiresAt)],
);

export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;
