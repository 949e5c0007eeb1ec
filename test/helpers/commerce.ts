// Helpers for the orders, bookings and idempotency suites: products made straight in the test's
// own database, counts that prove what was (and was not) written, and payment providers a test
// can hold still or inspect.
import { randomUUID } from 'node:crypto';
import { tables } from '@gatepost/db';
import { createSimulatedPaymentProvider, type SimulatedPaymentProvider } from '@gatepost/server';
import { count, eq } from 'drizzle-orm';
import type { TestDatabase } from './databases';

/** A product of this test's own, so its stock is counted by this test alone. */
export async function createProduct(database: TestDatabase, options: { stock: number; priceCents?: number; name?: string }) {
  const [row] = await database.handle.db
    .insert(tables.products)
    .values({ name: options.name ?? `Product ${randomUUID()}`, priceCents: options.priceCents ?? 1250, stock: options.stock })
    .returning();
  if (!row) throw new Error('no product row');
  return row;
}

export async function stockOf(database: TestDatabase, productId: string): Promise<number> {
  const [row] = await database.handle.db
    .select({ stock: tables.products.stock })
    .from(tables.products)
    .where(eq(tables.products.id, productId));
  if (!row) throw new Error(`no product ${productId}`);
  return row.stock;
}

/** Orders of one user. */
export async function ordersOf(database: TestDatabase, userId: string) {
  return database.handle.db.select().from(tables.orders).where(eq(tables.orders.userId, userId));
}

/** How many `order.placed` events mention this order (the outbox is shared by the test file). */
export async function placedEventsFor(database: TestDatabase, orderId: string): Promise<number> {
  const events = await database.handle.db.select().from(tables.outboxEvents).where(eq(tables.outboxEvents.type, 'order.placed'));
  return events.filter((event) => (event.payload as { orderId?: string }).orderId === orderId).length;
}

export async function idempotencyKeyCount(database: TestDatabase): Promise<number> {
  const [row] = await database.handle.db.select({ value: count() }).from(tables.idempotencyKeys);
  return row?.value ?? 0;
}

/**
 * Captures made for the order calls sent with one Idempotency-Key: the handler forwards the key
 * inside each hold's own key, so a hold (and its capture) under a key is an execution of that key.
 */
export function capturesUnder(payments: Pick<SimulatedPaymentProvider, 'authorisations' | 'captures'>, key: string) {
  const heldUnder = new Set(
    payments.authorisations.filter((hold) => hold.idempotencyKey.includes(`/${key}/order/`)).map((hold) => hold.authorisationId),
  );
  return payments.captures.filter((capture) => heldUnder.has(capture.authorisationId));
}

/** Holds the provider still keeps (neither captured nor voided). */
export function heldBy(payments: Pick<SimulatedPaymentProvider, 'authorisations'>) {
  return payments.authorisations.filter((hold) => hold.status === 'held');
}

/** A simulated provider whose holds (authorisations) wait until `release()`: the call stays in flight meanwhile. */
export interface HeldPaymentProvider extends SimulatedPaymentProvider {
  /** Resolves once a hold is waiting. */
  readonly waiting: Promise<void>;
  release(): void;
}

export function heldPaymentProvider(): HeldPaymentProvider {
  const inner = createSimulatedPaymentProvider();
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let signalWaiting!: () => void;
  const waiting = new Promise<void>((resolve) => (signalWaiting = resolve));
  return {
    ...inner,
    waiting,
    release,
    async authorise(request) {
      signalWaiting();
      await released;
      return inner.authorise(request);
    },
  };
}
