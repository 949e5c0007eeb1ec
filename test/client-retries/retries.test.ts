// When the real client sends a mutation again, and when it does not: it retries what carries an
// Idempotency-Key after a network error or an outage (503, honouring Retry-After), always with the
// same key, and never retries a call with no key, a client made with `retry: false`, or a final
// answer. Each attempt is seen through a recording fetch; rows and charges are counted.
import { randomUUID } from 'node:crypto';
import type { RetryOptions } from '@gatepost/client';
import { GatepostError } from '@gatepost/shared';
import { handlers } from '@gatepost/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import { createProduct, ordersOf, stockOf } from '../helpers/commerce';
import { useTestDatabase } from '../helpers/databases';
import { useGatepost } from '../helpers/start-gatepost';
import { gapsBetween, recordingFetch, type FailWhen, type RecordingFetch } from './recording-fetch';

const database = useTestDatabase('embedded');
const firstAttemptFails =
  (how: 'before-sending' | 'after-receiving'): FailWhen =>
  (attempt) =>
    attempt.index === 0 ? how : undefined;

describe('orders placed through a client that retries', () => {
  const gp = useGatepost(database);
  let buyer: SignedIn;
  let productId: string;
  beforeAll(async () => {
    buyer = await signUp(gp, 'retries');
    productId = (await createProduct(database.current, { stock: 1000, priceCents: 900 })).id;
  });
  const order = (paymentToken = 'tok_approve', quantity = 1) => ({ items: [{ productId, quantity }], paymentToken });
  const buyerClient = (recorder: RecordingFetch, retry?: RetryOptions | false) =>
    gp.anonymousClient({ headers: bearer(buyer.token), fetch: recorder.fetch, retry: retry ?? { baseDelayMs: 10 } });
  const orderCount = async () => (await ordersOf(database.current, buyer.userId)).length;

  it('retries a tRPC mutation with the same key after a network error before sending, and resolves', async () => {
    const recorder = recordingFetch({ failWhen: firstAttemptFails('before-sending') });
    const ordersBefore = await orderCount();
    const placed = await buyerClient(recorder).trpc.orders.place.mutate(order());
    expect(placed).toMatchObject({ status: 'authorised', totalCents: 900 });
    expect(recorder.attempts.map((attempt) => attempt.outcome?.kind)).toEqual(['network-error', 'response']);
    expect(recorder.attempts[1]?.key).toBe(recorder.attempts[0]?.key);
    expect(recorder.attempts[0]?.key).toEqual(expect.any(String));
    expect(await orderCount()).toBe(ordersBefore + 1);
  });

  it('gets the stored order back, charged once, when a GraphQL response is lost and the call retried', async () => {
    const recorder = recordingFetch({ failWhen: firstAttemptFails('after-receiving') });
    const ordersBefore = await orderCount();
    const chargesBefore = gp.payments.captures.length;
    const placed = await buyerClient(recorder).graphql.mutate('orders.place', order());
    expect(recorder.attempts.map((attempt) => attempt.outcome)).toEqual([
      expect.objectContaining({ kind: 'network-error' }),
      expect.objectContaining({ kind: 'response', status: 200, replayed: true }),
    ]);
    expect(recorder.attempts[1]?.key).toBe(recorder.attempts[0]?.key);
    const orders = await ordersOf(database.current, buyer.userId);
    expect(orders).toHaveLength(ordersBefore + 1);
    expect(orders.filter((row) => row.id === placed.id)).toHaveLength(1);
    expect(gp.payments.captures.slice(chargesBefore).map((capture) => capture.authorisationId)).toEqual([placed.paymentId]);
  });

  it('retries a 503 after the Retry-After: 1 it names, with the same key each time, then rejects with UNAVAILABLE', async () => {
    const recorder = recordingFetch();
    const call = buyerClient(recorder, { attempts: 2 }).trpc.orders.place.mutate(order('tok_error'));
    await expect(call).rejects.toMatchObject({ data: { code: 'UNAVAILABLE' } });
    expect(recorder.attempts.map((attempt) => attempt.outcome)).toEqual(
      Array.from({ length: 3 }, () => expect.objectContaining({ kind: 'response', status: 503, retryAfter: '1' })),
    );
    expect(new Set(recorder.attempts.map((attempt) => attempt.key)).size).toBe(1);
    for (const gap of gapsBetween(recorder.attempts)) expect(gap).toBeGreaterThanOrEqual(950);
  });

  it('retries a GraphQL mutation whose 200 answer reports a retryable outage, with the same key, after Retry-After', async () => {
    const recorder = recordingFetch();
    const call = buyerClient(recorder, { attempts: 1 }).graphql.mutate('orders.place', order('tok_error'));
    await expect(call).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    expect(recorder.attempts.map((attempt) => attempt.outcome)).toEqual([
      expect.objectContaining({ kind: 'response', status: 200, retryAfter: '1' }),
      expect.objectContaining({ kind: 'response', status: 200, retryAfter: '1' }),
    ]);
    expect(recorder.attempts[1]?.key).toBe(recorder.attempts[0]?.key);
    expect(gapsBetween(recorder.attempts)[0]).toBeGreaterThanOrEqual(950);
  });

  it('returns the 503 at once when its Retry-After is longer than maxRetryAfterMs', async () => {
    const recorder = recordingFetch();
    const call = buyerClient(recorder, { maxRetryAfterMs: 500 }).trpc.orders.place.mutate(order('tok_error'));
    await expect(call).rejects.toMatchObject({ data: { code: 'UNAVAILABLE' } });
    expect(recorder.attempts.map((attempt) => attempt.outcome)).toEqual([expect.objectContaining({ status: 503, retryAfter: '1' })]);
  });

  it('leaves no order, no charge and the stock untouched after an outage that outlasts the retries', async () => {
    const recorder = recordingFetch();
    const [ordersBefore, stockBefore, chargesBefore] = [
      await orderCount(),
      await stockOf(database.current, productId),
      gp.payments.captures.length,
    ];
    const call = buyerClient(recorder, { attempts: 1 }).trpc.orders.place.mutate(order('tok_error', 3));
    await expect(call).rejects.toMatchObject({ data: { code: 'UNAVAILABLE' } });
    expect(recorder.attempts).toHaveLength(2);
    expect(await orderCount()).toBe(ordersBefore);
    expect(await stockOf(database.current, productId)).toBe(stockBefore);
    expect(gp.payments.captures.length).toBe(chargesBefore);
  });

  it('makes exactly one attempt when the client was made with retry: false', async () => {
    const recorder = recordingFetch();
    const call = buyerClient(recorder, false).trpc.orders.place.mutate(order('tok_error'));
    await expect(call).rejects.toMatchObject({ data: { code: 'UNAVAILABLE' } });
    expect(recorder.attempts.map((attempt) => attempt.outcome)).toEqual([expect.objectContaining({ status: 503 })]);
    expect(recorder.attempts[0]?.key).toEqual(expect.any(String));
  });

  it('does not retry a declined payment (PAYMENT_DECLINED, 402)', async () => {
    const recorder = recordingFetch();
    const call = buyerClient(recorder).trpc.orders.place.mutate(order('tok_decline'));
    await expect(call).rejects.toMatchObject({ data: { code: 'PAYMENT_DECLINED' } });
    expect(recorder.attempts.map((attempt) => attempt.outcome)).toEqual([expect.objectContaining({ status: 402 })]);
  });

  it('does not retry an input the contract refuses (VALIDATION_FAILED, 400)', async () => {
    const recorder = recordingFetch();
    const call = buyerClient(recorder).trpc.orders.place.mutate(order('tok_approve', 0));
    await expect(call).rejects.toMatchObject({ data: { code: 'VALIDATION_FAILED' } });
    expect(recorder.attempts.map((attempt) => attempt.outcome)).toEqual([expect.objectContaining({ status: 400 })]);
  });

  it('does not retry a call sent with idempotencyKey: false after a network error', async () => {
    const recorder = recordingFetch({ failWhen: firstAttemptFails('before-sending') });
    const call = gp
      .anonymousClient({ fetch: recorder.fetch, retry: { baseDelayMs: 10 } })
      .trpc.contacts.submit.mutate({ name: 'Ada', email: `ada.${randomUUID()}@example.com` }, { context: { idempotencyKey: false } });
    await expect(call).rejects.toThrow('fetch failed');
    expect(recorder.attempts.map((attempt) => [attempt.key, attempt.outcome?.kind])).toEqual([[null, 'network-error']]);
  });
});

/** gatepost's handlers, except that contacts.submit (whose key is optional) meets an outage. */
const outageHandlers = new Map(handlers).set('contacts.submit', {
  run: async () => {
    throw new GatepostError('UNAVAILABLE', 'The mail relay is not answering; nothing was kept.', { retryAfterSeconds: 1 });
  },
});

describe('a mutation whose key is optional meeting a 503', () => {
  const gp = useGatepost(database, { handlers: outageHandlers });
  const contact = () => ({ name: 'Ada', email: `ada.${randomUUID()}@example.com` });

  it('is retried when it carries a key', async () => {
    const recorder = recordingFetch();
    const call = gp.anonymousClient({ fetch: recorder.fetch, retry: { attempts: 1 } }).trpc.contacts.submit.mutate(contact());
    await expect(call).rejects.toMatchObject({ data: { code: 'UNAVAILABLE' } });
    expect(recorder.attempts.map((attempt) => attempt.outcome?.kind === 'response' && attempt.outcome.status)).toEqual([503, 503]);
  });

  it('is never retried when sent with idempotencyKey: false: exactly one attempt', async () => {
    const recorder = recordingFetch();
    const call = gp
      .anonymousClient({ fetch: recorder.fetch, retry: { attempts: 1 } })
      .trpc.contacts.submit.mutate(contact(), { context: { idempotencyKey: false } });
    await expect(call).rejects.toMatchObject({ data: { code: 'UNAVAILABLE' } });
    expect(recorder.attempts.map((attempt) => attempt.outcome)).toEqual([expect.objectContaining({ status: 503, retryAfter: '1' })]);
    expect(recorder.attempts[0]?.key).toBeNull();
  });
});
