import { tables, type Database } from '@gatepost/db';
import { and, eq } from 'drizzle-orm';
import type { PaymentProvider } from './provider';

/**
 * The outbox event written in an order's transaction that asks for its capture: it exists exactly
 * when the order was committed, so a capture lost to a crash is still found (reconcile-payments.ts).
 */
export const PAYMENT_CAPTURE_EVENT = 'payment.capture';

export interface PaymentCaptureEvent {
  readonly orderId: string;
  readonly authorisationId: string;
  readonly amountCents: number;
}

/**
 * What became of an order's payment: `paid` or `voided` now; `settled` if it already was;
 * `busy` if another process (or this one) holds the order right now, or it does not exist.
 */
export type CaptureOutcome = 'paid' | 'voided' | 'settled' | 'busy';

/**
 * Captures a committed order's held payment, exactly once whoever asks and however often.
 * Exactly once across processes: the order's row stays locked from the check (`authorised`) until
 * the result is written, and another capturer skips a locked order (SKIP LOCKED) rather than wait.
 * Exactly once across crashes: a crash after the provider captured, before the row said so, leaves
 * the order `authorised`; the retry sends the same idempotency key, and the provider answers it with
 * its first answer instead of capturing again. `db` must be a transaction: the lock is held until
 * its end. Throws when the provider cannot answer (the order stays `authorised` for a later try).
 */
export async function captureOrderIn(transaction: Database, payments: PaymentProvider, orderId: string): Promise<CaptureOutcome> {
  const [order] = await transaction
    .select({ status: tables.orders.status, totalCents: tables.orders.totalCents, paymentId: tables.orders.paymentId })
    .from(tables.orders)
    .where(eq(tables.orders.id, orderId))
    .for('update', { skipLocked: true });
  if (!order) return 'busy';
  if (order.status !== 'authorised') return 'settled';
  const result = await payments.capture({
    authorisationId: order.paymentId,
    amountCents: order.totalCents,
    idempotencyKey: `order/${orderId}/capture`,
  });
  if (!result.captured) {
    // The hold is gone (expired, released) or does not cover the order: nothing more will come of
    // it. Released in case it still holds the buyer's money; the order is left for a person.
    await payments.void({ authorisationId: order.paymentId, idempotencyKey: `order/${orderId}/void` }).catch(() => undefined);
  }
  const status = result.captured ? 'paid' : 'voided';
  await transaction
    .update(tables.orders)
    .set({ status })
    .where(and(eq(tables.orders.id, orderId), eq(tables.orders.status, 'authorised')));
  return status;
}

/** captureOrderIn in a transaction of its own. */
export function captureOrder(db: Database, payments: PaymentProvider, orderId: string): Promise<CaptureOutcome> {
  return db.transaction((transaction) => captureOrderIn(transaction, payments, orderId));
}
