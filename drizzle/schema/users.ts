import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ConstraintMessages } from './constraint-messages';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    /** `user` or `admin`; the contract's `auth` levels are checked against it. */
    role: text('role', { enum: ['user', 'admin'] })
      .notNull()
      .default('user'),
    /** scrypt hash with its parameters and salt; null for users created without a password (users.create). */
    passwordHash: text('password_hash'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  // Uniqueness ignores letter case, and the database holds it, so two racing requests cannot both win.
  (table) => [
    uniqueIndex('users_email_lower_unique').on(sql`lower(${table.email})`),
    check('users_role_known', sql`${table.role} in ('user', 'admin')`),
  ],
);

export const usersConstraintMessages: ConstraintMessages = {
  users_email_lower_unique: { path: ['email'], message: 'is already taken' },
};

export type UserRow = typeof users.$inferSelect;
