// The "same key still running" 409: while an order's charge is held at the payment provider, a
// second call with the same key is answered 409 retryable; the retrying client waits and sends it
// again, and once the first call has finished it receives that call's order — one order, one charge.
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import { createProduct, heldPaymentProvider, ordersOf } from '../helpers/commerce';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost } from '../helpers/start-gatepost';
import { recordingFetch } from './recording-fetch';

/** Resolves as `promise` does, or rejects after `ms`: a test that waits for something that never comes fails instead of hanging. */
function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms))]);
}

forEachDatabase((database) => {
  const payments = heldPaymentProvider();
  const gp = useGatepost(database, { payments });
  let buyer: SignedIn;
  let productId: string;
  beforeAll(async () => {
    buyer = await signUp(gp, 'in-flight');
    productId = (await createProduct(database.current, { stock: 10, priceCents: 1500 })).id;
  });

  it('retries a 409 for a key still running and resolves to the order the first call placed', async () => {
    const key = `order-${randomUUID()}`;
    const input = { items: [{ productId, quantity: 1 }], paymentToken: 'tok_approve' };
    const first = gp.anonymousClient({ headers: bearer(buyer.token), retry: false }).trpc.orders.place.mutate(input, {
      context: { idempotencyKey: key },
    });
    await payments.waiting;

    const recorder = recordingFetch();
    const retrying = gp.anonymousClient({ headers: bearer(buyer.token), fetch: recorder.fetch, retry: { attempts: 8, baseDelayMs: 50 } });
    const second = retrying.trpc.orders.place.mutate(input, { context: { idempotencyKey: key } });
    const refused = await within(
      10_000,
      recorder.settled(() => true),
      'answer to the second call',
    ).finally(() => payments.release());

    const [firstOrder, secondOrder] = await Promise.all([first, second]);
    expect(refused.outcome).toEqual(expect.objectContaining({ kind: 'response', status: 409 }));
    expect(secondOrder).toEqual(firstOrder);
    const last = recorder.attempts.at(-1);
    expect(last?.outcome).toEqual(expect.objectContaining({ status: 200, replayed: true }));
    expect(recorder.attempts.map((attempt) => attempt.key)).toEqual(recorder.attempts.map(() => key));
    expect((await ordersOf(database.current, buyer.userId)).map((order) => order.id)).toEqual([firstOrder.id]);
    expect(payments.captures.map((capture) => capture.authorisationId)).toEqual([firstOrder.paymentId]);
  });
});
