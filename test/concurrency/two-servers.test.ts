import { forEachDatabase } from '../helpers/databases';
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { signUp, type SignedIn } from '../auth/helpers';
import { capturesUnder, createProduct, ordersOf } from '../helpers/commerce';
import type { RawAnswer } from '../helpers/raw-operation';
import { useGatepost } from '../helpers/start-gatepost';
import { gatedPaymentProvider, race, sendAs, usePool, RACE_TIMEOUT_MS, RACE_SERVER_CONFIG } from './helpers';

const REQUESTS = 40;

// Two gatepost processes on one database: each has its own pool and its own in-process set of
// running keys, so only the database's advisory lock on the key can stop a double run. Both
// charge through the same provider object, so their charges are counted together.
forEachDatabase((database) => {
  const payments = gatedPaymentProvider();
  const first = useGatepost(usePool(database), { payments, config: RACE_SERVER_CONFIG });
  const second = useGatepost(usePool(database), { payments, config: RACE_SERVER_CONFIG });
  let productId: string;
  beforeAll(async () => {
    productId = (await createProduct(database.current, { stock: 1000, priceCents: 800 })).id;
  });
  const order = () => ({ items: [{ productId, quantity: 1 }], paymentToken: 'tok_approve' });
  const chargesUnder = (key: string) => capturesUnder(payments, key);
  const isReplay = (answer: RawAnswer) => answer.headers.get('idempotent-replayed') === 'true';

  it(
    'refuses a key on one server with a retryable 409 while the other server is running it',
    async () => {
      const buyer = await signUp(first, 'two-servers-held');
      const key = randomUUID();
      const held = payments.hold();
      const original = sendAs(first, 'trpc', 'orders.place', order(), buyer, key)();
      await held.waiting;
      const { answers: duplicates } = await race(
        Array.from({ length: 10 }, () => sendAs(second, 'trpc', 'orders.place', order(), buyer, key)),
      );
      held.release();
      expect((await original).outcome).toMatchObject({ ok: true });
      for (const duplicate of duplicates) {
        expect(duplicate.status, JSON.stringify(duplicate.body)).toBe(409);
        expect(duplicate.outcome).toMatchObject({ ok: false, code: 'CONFLICT', retryable: true });
      }
      expect(await ordersOf(database.current, buyer.userId)).toHaveLength(1);
      expect(chargesUnder(key)).toHaveLength(1);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'replays on one server the order the other server placed with the same key',
    async () => {
      const buyer = await signUp(first, 'two-servers-replay');
      const key = randomUUID();
      const placed = await sendAs(first, 'graphql', 'orders.place', order(), buyer, key)();
      const replayed = await sendAs(second, 'graphql', 'orders.place', order(), buyer, key)();
      expect(replayed.body).toEqual(placed.body);
      expect(isReplay(replayed)).toBe(true);
      expect(chargesUnder(key)).toHaveLength(1);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    `executes ${REQUESTS} concurrent requests with one key, split across both servers, once`,
    async () => {
      const buyer: SignedIn = await signUp(second, 'two-servers-race');
      const key = randomUUID();
      const { answers, elapsedMs } = await race(
        Array.from({ length: REQUESTS }, (_, index) =>
          sendAs(index % 2 === 0 ? first : second, 'trpc', 'orders.place', order(), buyer, key),
        ),
      );
      const orders = await ordersOf(database.current, buyer.userId);
      const refused = answers.filter((answer) => answer.status === 409);
      console.log(
        `[concurrency] ${REQUESTS} requests with one key across 2 servers: ${orders.length} order(s), ${chargesUnder(key).length} charge(s); ${answers.filter((answer) => answer.status === 200 && !isReplay(answer)).length} original, ${answers.filter(isReplay).length} replayed, ${refused.length} refused as still running (409), ${elapsedMs} ms`,
      );
      expect(orders).toHaveLength(1);
      expect(chargesUnder(key)).toHaveLength(1);
      for (const answer of answers) {
        if (answer.status === 200) expect((answer.outcome as { data: { id: string } }).data.id).toBe(orders[0]?.id);
        else expect(answer.outcome, JSON.stringify(answer.body)).toMatchObject({ ok: false, code: 'CONFLICT', retryable: true });
      }
    },
    RACE_TIMEOUT_MS,
  );
});
