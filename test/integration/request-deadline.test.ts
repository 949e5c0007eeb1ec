import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createConnection, type Socket } from 'node:net';
import { tables } from '@gatepost/db';
import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import { createProduct, ordersOf, stockOf } from '../helpers/commerce';
import { forEachDatabase, type TestDatabase } from '../helpers/databases';
import { PROTOCOLS } from '../helpers/protocols';
import { rawOperation } from '../helpers/raw-operation';
import { useGatepost } from '../helpers/start-gatepost';

const DEADLINE_MS = 600;

/** Holds the product's row lock in a transaction of the test's own until `release()`: orders of it wait. */
function holdProductLock(database: TestDatabase, productId: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const done = database.handle.db.transaction(async (tx) => {
    await tx.select().from(tables.products).where(eq(tables.products.id, productId)).for('update');
    locked();
    await released;
  });
  return { isLocked, release: async () => (release(), await done) };
}

/** Statements of this database waiting for a lock (gatepost's order, while the test holds the row). */
async function waitingStatements(database: TestDatabase): Promise<number> {
  const [row] = await database.handle.db
    .select({ waiting: sql<number>`count(*)::int` })
    .from(sql`pg_stat_activity`)
    .where(sql`datname = current_database() and wait_event_type = 'Lock'`);
  return row?.waiting ?? 0;
}

/** Sends a POST on a socket of its own and leaves it open, unread, for the test to close. */
async function sendAndHold(url: string, path: string, body: unknown, headers: Record<string, string>): Promise<Socket> {
  const { port } = new URL(url);
  const socket = createConnection({ host: '127.0.0.1', port: Number(port) });
  await once(socket, 'connect');
  const text = JSON.stringify(body);
  const head = Object.entries({ ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.write(`POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n${head}\r\n${text}`);
  return socket;
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A server with this deadline, and a fresh buyer for each test. */
function useServerAndBuyer(database: { readonly current: TestDatabase }, requestDeadlineMs: number) {
  const gp = useGatepost(database, { config: { requestDeadlineMs } });
  const session = { buyer: undefined as unknown as SignedIn };
  beforeEach(async () => {
    session.buyer = await signUp(gp, 'deadline');
  });
  return { gp, session };
}

forEachDatabase((database) => {
  for (const protocol of PROTOCOLS) {
    describe(`over ${protocol === 'trpc' ? 'tRPC' : 'GraphQL'}, an order stuck on a row lock past the request deadline`, () => {
      const { gp, session } = useServerAndBuyer(database, DEADLINE_MS);
      it('is answered 503 UNAVAILABLE with Retry-After soon after the deadline, its statement cancelled and nothing kept', async () => {
        const product = await createProduct(database.current, { stock: 5 });
        const lock = holdProductLock(database.current, product.id);
        await lock.isLocked;
        const key = randomUUID();
        const order = { items: [{ productId: product.id, quantity: 1 }], paymentToken: 'tok_approve' };
        const started = performance.now();
        const answer = await rawOperation(gp, protocol, 'orders.place', order, { ...bearer(session.buyer.token), 'idempotency-key': key });
        const elapsedMs = performance.now() - started;
        expect(answer.outcome).toMatchObject({
          ok: false,
          code: 'UNAVAILABLE',
          retryable: true,
          message: expect.stringContaining('deadline'),
        });
        expect(answer.headers.get('retry-after')).toBe('1');
        expect(elapsedMs).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
        expect(elapsedMs).toBeLessThan(DEADLINE_MS + 2000);
        // The cancel reached PostgreSQL: nothing of gatepost's still waits for the lock.
        expect(await waitingStatements(database.current)).toBe(0);
        await lock.release();
        expect(await stockOf(database.current, product.id)).toBe(5);
        expect(await ordersOf(database.current, session.buyer.userId)).toEqual([]);
        // Nothing was stored under the key: the same request, retried, places the order.
        const retried = await rawOperation(gp, protocol, 'orders.place', order, { ...bearer(session.buyer.token), 'idempotency-key': key });
        expect(retried.outcome.ok).toBe(true);
        expect(await stockOf(database.current, product.id)).toBe(4);
      });
    });

    describe(`over ${protocol === 'trpc' ? 'tRPC' : 'GraphQL'}, an order stuck on a row lock whose client goes away`, () => {
      const { gp, session } = useServerAndBuyer(database, 10_000);

      it('is cancelled at once, long before the deadline, and stays rolled back after the lock is released', async () => {
        const product = await createProduct(database.current, { stock: 5 });
        const lock = holdProductLock(database.current, product.id);
        await lock.isLocked;
        const order = { items: [{ productId: product.id, quantity: 1 }], paymentToken: 'tok_approve' };
        const body =
          protocol === 'trpc'
            ? order
            : { query: 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }', variables: { input: order } };
        const socket = await sendAndHold(gp.url, protocol === 'trpc' ? '/trpc/orders.place' : '/graphql', body, {
          ...bearer(session.buyer.token),
          'idempotency-key': randomUUID(),
        });
        await eventually(async () => (await waitingStatements(database.current)) > 0);
        socket.destroy();
        await eventually(async () => (await waitingStatements(database.current)) === 0, 3000);
        await lock.release();
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(await stockOf(database.current, product.id)).toBe(5);
        expect(await ordersOf(database.current, session.buyer.userId)).toEqual([]);
      });
    });
  }

  describe('forty orders queued behind one row lock past the request deadline', () => {
    const { gp, session } = useServerAndBuyer(database, DEADLINE_MS);

    it('each get an answer, the stock matches the orders kept, and the server still serves', async () => {
      const product = await createProduct(database.current, { stock: 100 });
      const lock = holdProductLock(database.current, product.id);
      await lock.isLocked;
      const order = { items: [{ productId: product.id, quantity: 1 }], paymentToken: 'tok_approve' };
      const answers = Promise.all(
        Array.from({ length: 40 }, () =>
          rawOperation(gp, 'trpc', 'orders.place', order, { ...bearer(session.buyer.token), 'idempotency-key': randomUUID() }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, DEADLINE_MS + 200));
      await lock.release();
      // Each was answered: 503 when its deadline passed while it waited, or placed when the lock
      // came free within its own deadline (a request the loaded machine read late starts late).
      const outcomes = (await answers).map((answer) => (answer.outcome.ok ? 'OK' : answer.outcome.code));
      expect(outcomes.filter((code) => code !== 'OK' && code !== 'UNAVAILABLE')).toEqual([]);
      expect(outcomes.filter((code) => code === 'UNAVAILABLE').length).toBeGreaterThan(0);
      const kept = await ordersOf(database.current, session.buyer.userId);
      expect(kept).toHaveLength(outcomes.filter((code) => code === 'OK').length);
      expect(await stockOf(database.current, product.id)).toBe(100 - kept.length);
      const after = await rawOperation(gp, 'trpc', 'orders.place', order, {
        ...bearer(session.buyer.token),
        'idempotency-key': randomUUID(),
      });
      expect(after.outcome.ok).toBe(true);
    });
  });
});
