import { tables, type Database } from '@gatepost/db';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Logger } from 'pino';
import { captureOrderIn, PAYMENT_CAPTURE_EVENT, type PaymentCaptureEvent } from './capture-order';
import type { PaymentProvider } from './provider';

export interface ReconcileOptions {
  readonly db: Database;
  readonly payments: PaymentProvider;
  readonly log: Logger;
  /**
   * How old a hold with no order must be before it is voided: longer than any order's transaction
   * can stay open, so a hold whose order is still being written is never taken for an orphan.
   */
  readonly voidAfterSeconds: number;
  /** Events claimed, and holds listed, per round trip. @default 100 */
  readonly batchSize?: number;
}

/** What one pass did. */
export interface ReconcileReport {
  /** Committed orders whose held payment this pass captured. */
  readonly captured: number;
  /** Committed orders whose hold the provider would no longer capture. */
  readonly refused: number;
  /** Holds with no committed order, released. */
  readonly voided: number;
}

/**
 * Finishes what a crash (or a provider outage) left between an order's commit and its capture,
 * and between a hold and an order that never committed. Safe to run in every process at once.
 * 1. Captures: every `payment.capture` event still pending is claimed (FOR UPDATE SKIP LOCKED, so
 *    two reconcilers share the work instead of queueing) and its order captured (captureOrderIn:
 *    exactly once), then marked done. An event whose order was already settled (the call settled
 *    it right after its commit, the usual case) is just marked done.
 * 2. Voids: the provider's holds older than `voidAfterSeconds` with no committed order are voided.
 *    The provider, not our database, is asked: a hold whose transaction rolled back, or whose
 *    process died before COMMIT, left no row of ours behind.
 */
export async function reconcilePayments(options: ReconcileOptions): Promise<ReconcileReport> {
  const { captured, refused } = await capturePending(options);
  const voided = await voidOrphans(options);
  return { captured, refused, voided };
}

async function capturePending(options: ReconcileOptions): Promise<{ captured: number; refused: number }> {
  const total = { captured: 0, refused: 0 };
  // Page after page while pages come back full and wholly done; a busy or failed event ends the pass.
  for (;;) {
    const page = await captureOnePage(options);
    total.captured += page.captured;
    total.refused += page.refused;
    if (!page.more) return total;
  }
}

async function captureOnePage({ db, payments, log, batchSize = 100 }: ReconcileOptions) {
  let [captured, refused, done] = [0, 0, 0];
  const pending = await db
    .select({ id: tables.outboxEvents.id })
    .from(tables.outboxEvents)
    .where(and(eq(tables.outboxEvents.type, PAYMENT_CAPTURE_EVENT), isNull(tables.outboxEvents.publishedAt)))
    .orderBy(asc(tables.outboxEvents.createdAt))
    .limit(batchSize);
  for (const { id } of pending) {
    try {
      // One transaction per event: the event's and its order's locks are held only for its capture.
      const outcome = await db.transaction(async (transaction) => {
        const [event] = await transaction
          .select({ payload: tables.outboxEvents.payload })
          .from(tables.outboxEvents)
          .where(and(eq(tables.outboxEvents.id, id), isNull(tables.outboxEvents.publishedAt)))
          .for('update', { skipLocked: true });
        if (!event) return 'busy';
        const { orderId } = event.payload as PaymentCaptureEvent;
        const settled = await captureOrderIn(transaction, payments, orderId);
        // A busy order is being captured by someone else right now: the event stays for a later pass.
        if (settled !== 'busy')
          await transaction.update(tables.outboxEvents).set({ publishedAt: new Date() }).where(eq(tables.outboxEvents.id, id));
        if (settled === 'voided') log.error({ orderId }, 'the provider refused to capture a committed order');
        return settled;
      });
      if (outcome === 'paid') captured++;
      if (outcome === 'voided') refused++;
      if (outcome !== 'busy') done++;
    } catch (error) {
      // The provider is down, most likely: the rest would fail alike. The next pass tries again.
      log.warn({ err: error, eventId: id }, 'capturing a payment failed; it is tried again on the next pass');
      break;
    }
  }
  return { captured, refused, more: pending.length === batchSize && done === pending.length };
}

async function voidOrphans({ db, payments, log, voidAfterSeconds, batchSize = 100 }: ReconcileOptions): Promise<number> {
  const createdBefore = new Date(Date.now() - voidAfterSeconds * 1000);
  let voided = 0;
  let startingAfter: string | undefined;
  try {
    for (;;) {
      const held = await payments.listHeld({ createdBefore, limit: batchSize, ...(startingAfter ? { startingAfter } : {}) });
      if (held.length === 0) return voided;
      startingAfter = held.at(-1)?.authorisationId;
      const ids = held.map((hold) => hold.authorisationId);
      const withOrder = await db
        .select({ paymentId: tables.orders.paymentId, status: tables.orders.status })
        .from(tables.orders)
        .where(inArray(tables.orders.paymentId, ids));
      // An `authorised` order's hold is its capture event's business; a `voided` order's hold is stale.
      const keep = new Set(withOrder.filter((order) => order.status === 'authorised').map((order) => order.paymentId));
      for (const authorisationId of ids.filter((id) => !keep.has(id))) {
        await payments.void({ authorisationId, idempotencyKey: `authorisation/${authorisationId}/void` });
        log.info({ authorisationId }, 'voided a payment hold that no committed order uses');
        voided++;
      }
      if (held.length < batchSize) return voided;
    }
  } catch (error) {
    log.warn({ err: error }, 'voiding orphaned payment holds failed; it is tried again on the next pass');
    return voided;
  }
}
