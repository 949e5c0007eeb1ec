// The payment reconciler's pass (what the server's timer runs): it captures committed orders whose
// capture did not happen after their commit, exactly once, and voids holds no committed order uses
// once they are old enough, and not before.
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { signUp, type SignedIn } from '../auth/helpers';
import { createProduct } from '../helpers/commerce';
import { forEachDatabase } from '../helpers/databases';
import { dataOf } from '../helpers/raw-operation';
import { useGatepost } from '../helpers/start-gatepost';
import type { Order } from '../orders/helpers';
import { captureEventsOf, committedOrderStatus, controlledProvider, holdNamed, placeAs, reconcile } from './helpers';

forEachDatabase((database) => {
  const payments = controlledProvider();
  const gp = useGatepost(database, { payments });
  let buyer: SignedIn;
  beforeAll(async () => {
    buyer = await signUp(gp, 'reconciler');
  });
  // Each test starts with the provider answering and nothing left pending by the one before.
  beforeEach(async () => {
    payments.capturesDown = false;
    payments.loseAuthoriseAnswers = false;
    await reconcile(gp, 600);
  });

  /** An order committed while the provider would not capture: it stays authorised, its event pending. */
  async function orderLeftAuthorised(priceCents = 1500): Promise<Order> {
    const product = await createProduct(database.current, { stock: 5, priceCents });
    payments.capturesDown = true;
    const order = dataOf<Order>(await placeAs(gp, 'trpc', buyer, product.id));
    payments.capturesDown = false;
    return order;
  }

  it('leaves a committed order authorised, its capture event pending, when the provider cannot capture after commit', async () => {
    const order = await orderLeftAuthorised();
    expect(await committedOrderStatus(database.current, { orderId: order.id })).toBe('authorised');
    expect(await captureEventsOf(database.current, order.id)).toMatchObject([{ done: false }]);
    expect(holdNamed(payments, order.paymentId)?.status).toBe('held');
  });

  it('captures such an order on its next pass, once, and marks its event done', async () => {
    const order = await orderLeftAuthorised(2300);
    expect(await reconcile(gp, 600)).toMatchObject({ captured: 1 });
    expect(payments.captures.filter((capture) => capture.authorisationId === order.paymentId)).toEqual([
      { authorisationId: order.paymentId, amountCents: 2300, idempotencyKey: `order/${order.id}/capture` },
    ]);
    expect(await committedOrderStatus(database.current, { orderId: order.id })).toBe('paid');
    expect(await captureEventsOf(database.current, order.id)).toMatchObject([{ done: true }]);
    expect(await reconcile(gp, 600)).toMatchObject({ captured: 0 });
  });

  it('asks the provider once when two passes run at once: the second skips the order the first holds', async () => {
    const order = await orderLeftAuthorised();
    const asked = () => payments.captureRequests.filter((request) => request.authorisationId === order.paymentId).length;
    const askedBefore = asked();
    // A slow provider: the first pass is still capturing when the second reaches the order.
    payments.beforeCapture = () => new Promise((resolve) => setTimeout(resolve, 300));
    const [first, second] = await Promise.all([reconcile(gp, 600), reconcile(gp, 600)]).finally(() => (payments.beforeCapture = undefined));
    expect(first.captured + second.captured).toBe(1);
    expect(asked()).toBe(askedBefore + 1);
  });

  it('never takes the hold of a committed order awaiting its capture for an orphan, however old', async () => {
    const order = await orderLeftAuthorised();
    payments.capturesDown = true;
    expect(await reconcile(gp, 0)).toMatchObject({ voided: 0 });
    expect(holdNamed(payments, order.paymentId)?.status).toBe('held');
    payments.capturesDown = false;
    expect(await reconcile(gp, 0)).toMatchObject({ captured: 1, voided: 0 });
  });

  it('voids a hold no committed order uses (its answer was lost, the order refused) once it is older than the grace period', async () => {
    const product = await createProduct(database.current, { stock: 5 });
    const holdsBefore = payments.authorisations.length;
    payments.loseAuthoriseAnswers = true;
    const answer = await placeAs(gp, 'trpc', buyer, product.id);
    expect(answer.outcome).toMatchObject({ ok: false });
    const [orphan] = payments.authorisations.slice(holdsBefore);
    expect(orphan?.status).toBe('held');
    // Younger than the grace period: its order might still be committing.
    expect(await reconcile(gp, 3600)).toMatchObject({ voided: 0 });
    expect(holdNamed(payments, orphan?.authorisationId ?? '')?.status).toBe('held');
    expect(await reconcile(gp, 0)).toMatchObject({ voided: 1 });
    expect(holdNamed(payments, orphan?.authorisationId ?? '')?.status).toBe('voided');
    expect(payments.captures.some((capture) => capture.authorisationId === orphan?.authorisationId)).toBe(false);
  });
});
