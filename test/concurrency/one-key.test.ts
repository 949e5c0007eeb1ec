import { forEachDatabase } from '../helpers/databases';
import { randomUUID } from 'node:crypto';
import type { GatepostClient } from '@gatepost/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import { capturesUnder, createProduct, ordersOf } from '../helpers/commerce';
import type { RawAnswer } from '../helpers/raw-operation';
import { useGatepost } from '../helpers/start-gatepost';
import { race, sendAs, tally, usePool, RACE_TIMEOUT_MS, RACE_SERVER_CONFIG } from './helpers';

const REQUESTS = 50;

forEachDatabase((database) => {
  const gp = useGatepost(usePool(database), { config: RACE_SERVER_CONFIG });
  let productId: string;
  beforeAll(async () => {
    productId = (await createProduct(database.current, { stock: 1000, priceCents: 1500 })).id;
  });
  const order = () => ({ items: [{ productId, quantity: 2 }], paymentToken: 'tok_approve' });
  /** The provider is handed the request's key inside each hold's: its captures under one key are that key's executions. */
  const chargesUnder = (key: string) => capturesUnder(gp.payments, key);
  const isReplay = (answer: RawAnswer) => answer.headers.get('idempotent-replayed') === 'true';

  describe(`${REQUESTS} raw requests with one key and one payload, none retried`, () => {
    const key = randomUUID();
    let buyer: SignedIn;
    let answers: RawAnswer[];
    beforeAll(async () => {
      buyer = await signUp(gp, 'one-key-raw');
      const result = await race(Array.from({ length: REQUESTS }, () => sendAs(gp, 'trpc', 'orders.place', order(), buyer, key)));
      answers = result.answers;
      const [originals, replays] = [answers.filter((answer) => answer.status === 200 && !isReplay(answer)), answers.filter(isReplay)];
      const orders = (await ordersOf(database.current, buyer.userId)).length;
      console.log(
        `[concurrency] ${REQUESTS} requests with one key: ${orders} order(s), ${chargesUnder(key).length} charge(s); ${originals.length} original, ${replays.length} replayed, ${answers.filter((answer) => answer.status === 409).length} refused as still running (409), ${result.elapsedMs} ms`,
      );
    }, RACE_TIMEOUT_MS);

    it('executes once: one order and one charge exist', async () => {
      expect(await ordersOf(database.current, buyer.userId)).toHaveLength(1);
      expect(chargesUnder(key)).toHaveLength(1);
    });

    it('answers every request with the order, or with a 409 CONFLICT marked retryable', () => {
      for (const answer of answers) {
        const shown = JSON.stringify(answer.body);
        if (answer.status === 200) expect(answer.outcome, shown).toMatchObject({ ok: true });
        else {
          expect(answer.status, shown).toBe(409);
          expect(answer.outcome, shown).toMatchObject({ ok: false, code: 'CONFLICT', retryable: true });
        }
      }
    });

    it('answers exactly one request as the original, without the replay header', () => {
      expect(answers.filter((answer) => answer.status === 200 && !isReplay(answer))).toHaveLength(1);
    });

    it('answers the replays with Idempotent-Replayed: true and the body of the original', () => {
      const original = answers.find((answer) => answer.status === 200 && !isReplay(answer));
      for (const replay of answers.filter(isReplay)) {
        expect(replay.status).toBe(200);
        expect(replay.body).toEqual(original?.body);
      }
    });
  });

  describe(`${REQUESTS} raw retries at once of a call that has finished`, () => {
    const key = randomUUID();
    let original: RawAnswer;
    let answers: RawAnswer[];
    beforeAll(async () => {
      const buyer = await signUp(gp, 'one-key-finished');
      original = await sendAs(gp, 'trpc', 'orders.place', order(), buyer, key)();
      const result = await race(Array.from({ length: REQUESTS }, () => sendAs(gp, 'trpc', 'orders.place', order(), buyer, key)));
      answers = result.answers;
      console.log(
        `[concurrency] ${REQUESTS} retries at once of a finished call: ${answers.filter(isReplay).length} replayed, ${answers.filter((answer) => answer.status === 409).length} refused as still running (409), ${chargesUnder(key).length} charge(s), ${result.elapsedMs} ms`,
      );
    }, RACE_TIMEOUT_MS);

    it('replays the stored order to every one of them: the call is no longer running', () => {
      expect(original.outcome).toMatchObject({ ok: true });
      const outcomes = tally(answers, (answer) => `${answer.status} ${isReplay(answer) ? 'replayed' : 'not replayed'}`);
      expect(outcomes).toEqual({ '200 replayed': REQUESTS });
      for (const answer of answers) expect(answer.body).toEqual(original.body);
    });

    it('charges nothing more', () => {
      expect(chargesUnder(key)).toHaveLength(1);
    });
  });

  describe(`${REQUESTS} calls of the real client with one key, retried by the client`, () => {
    const key = randomUUID();
    let buyer: SignedIn;
    let results: PromiseSettledResult<{ id: string }>[];
    beforeAll(async () => {
      buyer = await signUp(gp, 'one-key-client');
      let httpRequests = 0;
      // Retries on, with a budget wider than the default four: fifty duplicates of one call
      // under test load must not run out of tries while the original is still running.
      const client: GatepostClient = gp.anonymousClient({
        headers: bearer(buyer.token),
        retry: { attempts: 8 },
        fetch: (input, init) => {
          httpRequests++;
          return fetch(input, init);
        },
      });
      const started = performance.now();
      results = await Promise.allSettled(
        Array.from({ length: REQUESTS }, () => client.trpc.orders.place.mutate(order(), { context: { idempotencyKey: key } })),
      );
      const elapsedMs = Math.round(performance.now() - started);
      const ids = new Set(results.flatMap((result) => (result.status === 'fulfilled' ? [result.value.id] : [])));
      const orders = (await ordersOf(database.current, buyer.userId)).length;
      console.log(
        `[concurrency] ${REQUESTS} client calls with one key: ${results.filter((result) => result.status === 'fulfilled').length} resolved to ${ids.size} order id(s); ${orders} order(s), ${chargesUnder(key).length} charge(s); ${httpRequests} HTTP requests (${httpRequests - REQUESTS} retries), ${elapsedMs} ms`,
      );
    }, RACE_TIMEOUT_MS);

    it('resolves every call to the same order', () => {
      const rejected = results.filter((result) => result.status === 'rejected');
      expect(rejected.map((result) => String(result.reason))).toEqual([]);
      const ids = results.map((result) => (result.status === 'fulfilled' ? result.value.id : undefined));
      expect(new Set(ids).size).toBe(1);
    });

    it('executes once: one order and one charge exist', async () => {
      expect(await ordersOf(database.current, buyer.userId)).toHaveLength(1);
      expect(chargesUnder(key)).toHaveLength(1);
    });
  });
});
