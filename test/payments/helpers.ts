// Helpers for the payments suites: a provider whose calls can be watched or made to fail, the
// reconciler's pass run on demand, and the rows and provider records that show where money is.
import { randomUUID } from 'node:crypto';
import { tables } from '@gatepost/db';
import {
  createLogger,
  createSimulatedPaymentProvider,
  PAYMENT_CAPTURE_EVENT,
  reconcilePayments,
  type CaptureRequest,
  type ReconcileReport,
  type SimulatedPaymentProvider,
} from '@gatepost/server';
import { and, eq, sql } from 'drizzle-orm';
import { bearer, type SignedIn } from '../auth/helpers';
import type { TestDatabase } from '../helpers/databases';
import type { Protocol } from '../helpers/protocols';
import { rawOperation, type RawAnswer } from '../helpers/raw-operation';
import type { GatepostUnderTest } from '../helpers/start-gatepost';

/** The simulated provider with switches a test flips, and a record of every capture asked for. */
export interface ControlledProvider extends SimulatedPaymentProvider {
  /** Every capture request, answered or not: how often the provider was asked. */
  readonly captureRequests: CaptureRequest[];
  /** While true, captures fail as in a provider outage. */
  capturesDown: boolean;
  /** While true, a hold is made but its answer lost on the way back (the call sees an outage). */
  loseAuthoriseAnswers: boolean;
  /** Runs before each capture reaches the provider. */
  beforeCapture: ((request: CaptureRequest) => Promise<void>) | undefined;
}

export function controlledProvider(): ControlledProvider {
  const inner = createSimulatedPaymentProvider();
  const provider: ControlledProvider = {
    ...inner,
    captureRequests: [],
    capturesDown: false,
    loseAuthoriseAnswers: false,
    beforeCapture: undefined,
    async authorise(request) {
      const result = await inner.authorise(request);
      if (provider.loseAuthoriseAnswers) throw new Error('socket hang up (the hold was made; its answer was lost)');
      return result;
    },
    async capture(request) {
      provider.captureRequests.push(request);
      await provider.beforeCapture?.(request);
      if (provider.capturesDown) throw new Error('the payment provider is not answering');
      return inner.capture(request);
    },
  };
  return provider;
}

/** One reconciler pass, as the server's timer runs it. */
export function reconcile(gp: GatepostUnderTest, voidAfterSeconds: number): Promise<ReconcileReport> {
  return reconcilePayments({ db: gp.database.handle.db, payments: gp.payments, log: createLogger('silent'), voidAfterSeconds });
}

/** orders.place by the buyer over one protocol, with a key of its own. */
export function placeAs(gp: GatepostUnderTest, protocol: Protocol, buyer: SignedIn, productId: string, quantity = 1): Promise<RawAnswer> {
  const input = { items: [{ productId, quantity }], paymentToken: 'tok_approve' };
  return rawOperation(gp, protocol, 'orders.place', input, { ...bearer(buyer.token), 'idempotency-key': randomUUID() });
}

/** The order's status as another connection sees it: only what was committed. */
export async function committedOrderStatus(database: TestDatabase, where: { orderId?: string; paymentId?: string }) {
  const condition = where.orderId ? eq(tables.orders.id, where.orderId) : eq(tables.orders.paymentId, where.paymentId ?? '');
  const [row] = await database.handle.db.select({ status: tables.orders.status }).from(tables.orders).where(condition);
  return row?.status;
}

/** The order's `payment.capture` events: whether each is done (published). */
export async function captureEventsOf(database: TestDatabase, orderId: string) {
  const events = await database.handle.db
    .select({ payload: tables.outboxEvents.payload, publishedAt: tables.outboxEvents.publishedAt })
    .from(tables.outboxEvents)
    .where(and(eq(tables.outboxEvents.type, PAYMENT_CAPTURE_EVENT), sql`${tables.outboxEvents.payload}->>'orderId' = ${orderId}`));
  return events.map((event) => ({ payload: event.payload, done: event.publishedAt !== null }));
}

/** The provider's record of one hold. */
export function holdNamed(payments: Pick<SimulatedPaymentProvider, 'authorisations'>, authorisationId: string) {
  return payments.authorisations.find((hold) => hold.authorisationId === authorisationId);
}
