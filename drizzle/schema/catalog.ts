import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ConstraintMessages } from './constraint-messages';

/** What can be ordered. Money is integer minor units; stock can never go below zero, whatever code runs. */
export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    priceCents: integer('price_cents').notNull(),
    stock: integer('stock').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('products_name_unique').on(table.name),
    check('products_price_not_negative', sql`${table.priceCents} >= 0`),
    check('products_stock_not_negative', sql`${table.stock} >= 0`),
  ],
);

export const catalogConstraintMessages: ConstraintMessages = {
  products_stock_not_negative: { path: ['items'], message: 'not enough stock left' },
};

export type ProductRow = typeof products.$inferSelect;
