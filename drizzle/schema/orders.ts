import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { products } from './catalog';
import { users } from './users';

/**
 * An order is written in the transaction that authorised its payment, so it exists exactly when a
 * hold on the buyer's money does; the hold is captured only after that transaction committed.
 * `status` is the payment's state: `authorised` (held) → `paid` (captured), or `voided` when the
 * provider would no longer capture the hold (it expired or was released).
 */
export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: ['authorised', 'paid', 'voided'] })
      .notNull()
      .default('authorised'),
    totalCents: integer('total_cents').notNull(),
    /** The payment provider's authorisation id (Stripe: the PaymentIntent's), which the capture names too. */
    paymentId: text('payment_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    index('orders_user_id').on(table.userId),
    // One hold pays one order; settling a hold finds its order by it.
    uniqueIndex('orders_payment_id_unique').on(table.paymentId),
    check('orders_total_not_negative', sql`${table.totalCents} >= 0`),
  ],
);

/** One product of an order, with the name and price it was bought at (the catalog may change later). */
export const orderLines = pgTable(
  'order_lines',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    productName: text('product_name').notNull(),
    /** The line's place in the order as it was placed, so it reads back in that order. */
    position: integer('position').notNull().default(0),
    quantity: integer('quantity').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.orderId, table.productId] }),
    check('order_lines_quantity_positive', sql`${table.quantity} > 0`),
  ],
);

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
