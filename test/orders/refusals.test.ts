import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import { createProduct } from '../helpers/commerce';
import { forEachDatabase } from '../helpers/databases';
import { forEachProtocol } from '../helpers/protocols';
import { rawOperation } from '../helpers/raw-operation';
import { OPERATOR_AUTHORIZATION, useGatepost } from '../helpers/start-gatepost';
import { expectRefused, footprint, issuesOf, orderOf } from './helpers';

forEachDatabase((database) => {
  const gp = useGatepost(database);
  let buyer: SignedIn;
  beforeAll(async () => {
    buyer = await signUp(gp, 'orders-refused');
  });

  forEachProtocol((protocol) => {
    /** One order over raw HTTP, with a fresh key: what a refusal looks like on the wire. */
    const place = (input: ReturnType<typeof orderOf>, credentials: Record<string, string> = bearer(buyer.token)) =>
      rawOperation(gp, protocol, 'orders.place', input, { ...credentials, 'idempotency-key': randomUUID() });

    it('refuses more units than are left with CONFLICT naming items.<i>.quantity and how many are left, writing nothing', async () => {
      const product = await createProduct(database.current, { stock: 2 });
      const before = await footprint(gp, [product.id]);
      const answer = await place(orderOf([{ productId: product.id, quantity: 3 }]));
      expectRefused(answer, protocol, 'CONFLICT');
      expect(issuesOf(answer, protocol)).toEqual([{ path: ['items', 0, 'quantity'], message: 'only 2 left' }]);
      expect(answer.outcome).toMatchObject({ message: expect.stringContaining('items.0.quantity: only 2 left') });
      expect(await footprint(gp, [product.id])).toEqual(before);
    });

    it('refuses an unknown product with NOT_FOUND naming items.<i>.productId, writing nothing', async () => {
      const product = await createProduct(database.current, { stock: 5 });
      const before = await footprint(gp, [product.id]);
      const answer = await place(
        orderOf([
          { productId: product.id, quantity: 1 },
          { productId: randomUUID(), quantity: 1 },
        ]),
      );
      expectRefused(answer, protocol, 'NOT_FOUND');
      expect(issuesOf(answer, protocol)).toEqual([{ path: ['items', 1, 'productId'], message: 'no such product' }]);
      expect(await footprint(gp, [product.id])).toEqual(before);
    });

    it('refuses a declined payment with PAYMENT_DECLINED, saying so, and leaves no order, charge, event or stock taken', async () => {
      const product = await createProduct(database.current, { stock: 5 });
      const before = await footprint(gp, [product.id]);
      const answer = await place(orderOf([{ productId: product.id, quantity: 2 }], 'tok_decline'));
      expectRefused(answer, protocol, 'PAYMENT_DECLINED');
      expect(answer.outcome).toMatchObject({
        message: 'The payment was declined: The card was declined by its issuer. Nothing was charged and no order was placed.',
        retryable: false,
      });
      expect(issuesOf(answer, protocol)).toEqual([{ path: ['paymentToken'], message: 'The card was declined by its issuer.' }]);
      expect(await footprint(gp, [product.id])).toEqual(before);
    });

    it('answers a payment provider outage with UNAVAILABLE, retryable after the Retry-After it sends, writing nothing', async () => {
      const product = await createProduct(database.current, { stock: 5 });
      const before = await footprint(gp, [product.id]);
      const answer = await place(orderOf([{ productId: product.id, quantity: 2 }], 'tok_error'));
      expect(answer.outcome).toMatchObject({ ok: false, code: 'UNAVAILABLE', retryable: true });
      expect(answer.status).toBe(protocol === 'trpc' ? 503 : 200);
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(await footprint(gp, [product.id])).toEqual(before);
    });

    it('places none of a multi-product order when one of its lines lacks stock', async () => {
      const plenty = await createProduct(database.current, { stock: 5 });
      const scarce = await createProduct(database.current, { stock: 2 });
      const before = await footprint(gp, [plenty.id, scarce.id]);
      const answer = await place(
        orderOf([
          { productId: plenty.id, quantity: 2 },
          { productId: scarce.id, quantity: 3 },
        ]),
      );
      expectRefused(answer, protocol, 'CONFLICT');
      expect(issuesOf(answer, protocol)).toEqual([{ path: ['items', 1, 'quantity'], message: 'only 2 left' }]);
      expect(await footprint(gp, [plenty.id, scarce.id])).toEqual(before);
    });

    it('refuses an anonymous order with UNAUTHENTICATED, writing nothing', async () => {
      const product = await createProduct(database.current, { stock: 5 });
      const before = await footprint(gp, [product.id]);
      const answer = await place(orderOf([{ productId: product.id, quantity: 1 }]), {});
      expectRefused(answer, protocol, 'UNAUTHENTICATED');
      expect(await footprint(gp, [product.id])).toEqual(before);
    });

    it('refuses an order made with the operator key with FORBIDDEN, as the operator is no buyer, writing nothing', async () => {
      const product = await createProduct(database.current, { stock: 5 });
      const before = await footprint(gp, [product.id]);
      const answer = await place(orderOf([{ productId: product.id, quantity: 1 }]), { authorization: OPERATOR_AUTHORIZATION });
      expectRefused(answer, protocol, 'FORBIDDEN');
      expect(answer.outcome).toMatchObject({ message: expect.stringContaining('sign in as a user to place orders') });
      expect(await footprint(gp, [product.id])).toEqual(before);
    });
  });
});
