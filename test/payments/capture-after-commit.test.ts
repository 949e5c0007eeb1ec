// An order's money is held inside its transaction and taken only after COMMIT: one capture, for
// the order's total, asked for once the order is already visible to every other connection.
import { beforeAll, expect, it } from 'vitest';
import { signUp, type SignedIn } from '../auth/helpers';
import { createProduct } from '../helpers/commerce';
import { forEachDatabase } from '../helpers/databases';
import { forEachProtocol } from '../helpers/protocols';
import { dataOf } from '../helpers/raw-operation';
import { useGatepost } from '../helpers/start-gatepost';
import type { Order } from '../orders/helpers';
import { captureEventsOf, committedOrderStatus, controlledProvider, holdNamed, placeAs, reconcile } from './helpers';

forEachDatabase((database) => {
  const payments = controlledProvider();
  /** Per hold, the order's status as another connection saw it each time a capture was asked for. */
  const seenAtCapture = new Map<string, (string | undefined)[]>();
  payments.beforeCapture = async (request) => {
    const seen = seenAtCapture.get(request.authorisationId) ?? [];
    seen.push(await committedOrderStatus(database.current, { paymentId: request.authorisationId }));
    seenAtCapture.set(request.authorisationId, seen);
  };
  const gp = useGatepost(database, { payments });
  let buyer: SignedIn;
  beforeAll(async () => {
    buyer = await signUp(gp, 'capture-after-commit');
  });

  forEachProtocol((protocol) => {
    it("captures the order's hold exactly once, for its total, before answering", async () => {
      const product = await createProduct(database.current, { stock: 5, priceCents: 1999 });
      const order = dataOf<Order>(await placeAs(gp, protocol, buyer, product.id, 2));
      expect(payments.captures.filter((capture) => capture.authorisationId === order.paymentId)).toEqual([
        { authorisationId: order.paymentId, amountCents: 2 * 1999, idempotencyKey: `order/${order.id}/capture` },
      ]);
      expect(holdNamed(payments, order.paymentId)?.status).toBe('captured');
    });

    it('asks for the capture only once the order is committed: another connection already sees it', async () => {
      const product = await createProduct(database.current, { stock: 5 });
      const order = dataOf<Order>(await placeAs(gp, protocol, buyer, product.id));
      expect(seenAtCapture.get(order.paymentId)).toEqual(['authorised']);
    });

    it('answers the order as committed (authorised), and records it paid once captured', async () => {
      const product = await createProduct(database.current, { stock: 5 });
      const order = dataOf<Order>(await placeAs(gp, protocol, buyer, product.id));
      expect(order.status).toBe('authorised');
      expect(await committedOrderStatus(database.current, { orderId: order.id })).toBe('paid');
    });
  });

  it('commits a payment.capture event with the order, which the reconciler then marks done without capturing again', async () => {
    const product = await createProduct(database.current, { stock: 5, priceCents: 700 });
    const order = dataOf<Order>(await placeAs(gp, 'trpc', buyer, product.id));
    expect(await captureEventsOf(database.current, order.id)).toEqual([
      { payload: { orderId: order.id, authorisationId: order.paymentId, amountCents: 700 }, done: false },
    ]);
    const requestsBefore = payments.captureRequests.length;
    expect(await reconcile(gp, 600)).toMatchObject({ captured: 0, voided: 0 });
    expect(payments.captureRequests.length).toBe(requestsBefore);
    expect(await captureEventsOf(database.current, order.id)).toMatchObject([{ done: true }]);
  });
});
