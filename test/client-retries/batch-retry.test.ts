// A tRPC batch that meets an outage in one of its calls: the client sends the whole batch again
// with the same key, the server replays the call that had succeeded (its key is `<key>/0`) instead
// of running it twice, and runs the failed one again.
import { beforeAll, expect, it } from 'vitest';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import { createProduct, ordersOf, stockOf } from '../helpers/commerce';
import { useTestDatabase } from '../helpers/databases';
import { useGatepost } from '../helpers/start-gatepost';
import { gapsBetween, recordingFetch } from './recording-fetch';

const database = useTestDatabase('embedded');
const gp = useGatepost(database);
let buyer: SignedIn;
let productId: string;
beforeAll(async () => {
  buyer = await signUp(gp, 'batch-retry');
  productId = (await createProduct(database.current, { stock: 50, priceCents: 400 })).id;
});

it('retries a batch whose second call met a 503 whole, with the same key, replaying the first call instead of running it again', async () => {
  const recorder = recordingFetch();
  const client = gp.anonymousClient({ headers: bearer(buyer.token), fetch: recorder.fetch, retry: { attempts: 1 } });
  const [paid, unavailable] = await Promise.allSettled([
    client.trpc.orders.place.mutate({ items: [{ productId, quantity: 2 }], paymentToken: 'tok_approve' }),
    client.trpc.orders.place.mutate({ items: [{ productId, quantity: 5 }], paymentToken: 'tok_error' }),
  ]);

  expect(recorder.attempts.map((attempt) => [attempt.path, attempt.outcome?.kind === 'response' && attempt.outcome.status])).toEqual([
    ['/trpc/orders.place,orders.place?batch=1', 207],
    ['/trpc/orders.place,orders.place?batch=1', 207],
  ]);
  expect(recorder.attempts[1]?.key).toBe(recorder.attempts[0]?.key);
  expect(gapsBetween(recorder.attempts)[0]).toBeGreaterThanOrEqual(950);
  expect(unavailable).toMatchObject({ status: 'rejected', reason: { data: { code: 'UNAVAILABLE' } } });
  expect(paid).toMatchObject({ status: 'fulfilled', value: { status: 'authorised', totalCents: 800 } });
  const order = (paid as PromiseFulfilledResult<{ id: string; paymentId: string }>).value;
  expect((await ordersOf(database.current, buyer.userId)).map((row) => row.id)).toEqual([order.id]);
  expect(gp.payments.captures.map((capture) => capture.authorisationId)).toEqual([order.paymentId]);
  expect(await stockOf(database.current, productId)).toBe(48);
});
