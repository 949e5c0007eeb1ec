import { tables, type Database } from '@gatepost/db';
import { inArray } from 'drizzle-orm';
import type { Logger } from 'pino';
import { captureOrder } from './capture-order';
import type { PaymentProvider } from './provider';

export interface SettleDeps {
  readonly db: Database;
  readonly payments: PaymentProvider;
  readonly log: Logger;
}

/**
 * Settles the holds a call made, once the transaction that held its writes has ended: captures
 * the hold of an order that was committed, voids a hold whose order was not. The database says
 * which, not the call's outcome: a call can fail after its COMMIT went through (its answer lost
 * on the way back), and a hold must never be voided under a committed order. Never throws: what
 * it cannot finish (the provider is down) the reconciler finishes from the outbox and the
 * provider's list of holds. Left alone is a COMMIT whose connection broke while the server was
 * still committing: seen here as "no order", its hold is voided, and the order ends `voided`.
 */
export async function settleAuthorisations(authorisationIds: readonly string[], { db, payments, log }: SettleDeps): Promise<void> {
  try {
    const orders = await db
      .select({ id: tables.orders.id, paymentId: tables.orders.paymentId })
      .from(tables.orders)
      .where(inArray(tables.orders.paymentId, [...authorisationIds]));
    const orderOf = new Map(orders.map((order) => [order.paymentId, order.id]));
    for (const authorisationId of authorisationIds) {
      const orderId = orderOf.get(authorisationId);
      try {
        if (!orderId) await payments.void({ authorisationId, idempotencyKey: `authorisation/${authorisationId}/void` });
        else if ((await captureOrder(db, payments, orderId)) === 'voided')
          log.error({ orderId, authorisationId }, 'the provider refused to capture a committed order');
      } catch (error) {
        log.warn({ err: error, authorisationId }, 'settling a payment failed; the payment reconciler will finish it');
      }
    }
  } catch (error) {
    log.warn({ err: error }, 'settling payments failed; the payment reconciler will finish them');
  }
}
