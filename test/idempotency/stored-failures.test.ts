import { randomUUID } from 'node:crypto';
import { tables } from '@gatepost/db';
import { createSimulatedPaymentProvider, type AuthoriseRequest } from '@gatepost/server';
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import { createProduct, ordersOf, stockOf } from '../helpers/commerce';
import { forEachDatabase } from '../helpers/databases';
import { forEachProtocol } from '../helpers/protocols';
import { codeOf, rawOperation } from '../helpers/raw-operation';
import { useGatepost } from '../helpers/start-gatepost';

/** The simulated provider, counting every authorisation attempt (declined and failed ones too). */
function countingProvider() {
  const inner = createSimulatedPaymentProvider();
  const attempts: AuthoriseRequest[] = [];
  return {
    ...inner,
    attempts,
    authorise(request: AuthoriseRequest) {
      attempts.push(request);
      return inner.authorise(request);
    },
  };
}

forEachDatabase((database) => {
  const payments = countingProvider();
  const gp = useGatepost(database, { payments });
  let buyer: SignedIn;
  beforeAll(async () => {
    buyer = await signUp(gp, 'stored-failures');
  });
  const orderOf = async (stock: number, paymentToken: string, quantity = 1) => ({
    items: [{ productId: (await createProduct(database.current, { stock })).id, quantity }],
    paymentToken,
  });

  forEachProtocol((protocol) => {
    it('replays a declined payment from its key without asking the provider again', async () => {
      const order = await orderOf(5, 'tok_decline');
      const headers = { ...bearer(buyer.token), 'idempotency-key': randomUUID() };
      const first = await rawOperation(gp, protocol, 'orders.place', order, headers);
      const attemptsAfterFirst = payments.attempts.length;
      const again = await rawOperation(gp, protocol, 'orders.place', order, headers);
      expect(codeOf(first)).toBe('PAYMENT_DECLINED');
      expect(codeOf(again)).toBe('PAYMENT_DECLINED');
      expect(again.status).toBe(first.status);
      expect(again.outcome).toEqual(first.outcome);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(payments.attempts.length).toBe(attemptsAfterFirst);
      expect(await stockOf(database.current, order.items[0]?.productId ?? '')).toBe(5);
    });

    it('stores nothing for a provider outage, so a retry with the same key asks the provider again', async () => {
      const order = await orderOf(5, 'tok_error');
      const headers = { ...bearer(buyer.token), 'idempotency-key': randomUUID() };
      const first = await rawOperation(gp, protocol, 'orders.place', order, headers);
      const attemptsAfterFirst = payments.attempts.length;
      const again = await rawOperation(gp, protocol, 'orders.place', order, headers);
      expect(codeOf(first)).toBe('UNAVAILABLE');
      expect(first.outcome).toMatchObject({ retryable: true });
      expect(codeOf(again)).toBe('UNAVAILABLE');
      expect(again.headers.get('idempotent-replayed')).toBeNull();
      expect(payments.attempts.length).toBe(attemptsAfterFirst + 1);
      expect(await stockOf(database.current, order.items[0]?.productId ?? '')).toBe(5);
    });

    it('replays an out-of-stock CONFLICT even after the stock was refilled: a key stands for one outcome', async () => {
      const order = await orderOf(1, 'tok_approve', 2);
      const headers = { ...bearer(buyer.token), 'idempotency-key': randomUUID() };
      const ordersBefore = (await ordersOf(database.current, buyer.userId)).length;
      expect(codeOf(await rawOperation(gp, protocol, 'orders.place', order, headers))).toBe('CONFLICT');
      await database.current.handle.db
        .update(tables.products)
        .set({ stock: 10 })
        .where(eq(tables.products.id, order.items[0]?.productId ?? ''));
      const again = await rawOperation(gp, protocol, 'orders.place', order, headers);
      expect(codeOf(again)).toBe('CONFLICT');
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await ordersOf(database.current, buyer.userId)).toHaveLength(ordersBefore);
    });
  });
});
