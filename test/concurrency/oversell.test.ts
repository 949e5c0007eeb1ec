import { forEachDatabase } from '../helpers/databases';
import { tables } from '@gatepost/db';
import { count, eq, sum } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { SignedIn } from '../auth/helpers';
import { createProduct, stockOf } from '../helpers/commerce';
import { codeOf, type RawAnswer } from '../helpers/raw-operation';
import { useGatepost } from '../helpers/start-gatepost';
import { race, sendAs, signUpMany, tally, usePool, RACE_TIMEOUT_MS, RACE_SERVER_CONFIG } from './helpers';

const ORDERS = 200;
const STOCK = 50;
const BUYERS = 10;
const PRICE_CENTS = 1000;

forEachDatabase((database) => {
  const gp = useGatepost(usePool(database), { config: RACE_SERVER_CONFIG });
  let productId: string;
  let answers: RawAnswer[];
  let lowestStockSeen = Number.POSITIVE_INFINITY;

  // The race runs once; each test below states one thing that must hold after it.
  beforeAll(async () => {
    const buyers: SignedIn[] = await signUpMany(gp, BUYERS, 'oversell');
    productId = (await createProduct(database.current, { stock: STOCK, priceCents: PRICE_CENTS })).id;
    const order = { items: [{ productId, quantity: 1 }], paymentToken: 'tok_approve' };
    // Half over tRPC, half over GraphQL: both end in the same pipeline and the same row lock.
    const requests = Array.from({ length: ORDERS }, (_, index) =>
      sendAs(gp, index % 2 === 0 ? 'trpc' : 'graphql', 'orders.place', order, buyers[index % BUYERS] as SignedIn),
    );
    // Watch the stock while the orders race, from outside the server.
    let racing = true;
    const watching = (async () => {
      while (racing) {
        lowestStockSeen = Math.min(lowestStockSeen, await stockOf(database.current, productId));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const result = await race(requests).finally(() => (racing = false));
    await watching;
    answers = result.answers;
    const outcomes = tally(answers, codeOf);
    const finalStock = await stockOf(database.current, productId);
    console.log(
      `[concurrency] ${ORDERS} orders for ${STOCK} units: ${outcomes.OK ?? 0} sold, ${outcomes.CONFLICT ?? 0} refused, final stock ${finalStock}, lowest stock seen ${lowestStockSeen}, ${result.elapsedMs} ms (${JSON.stringify(outcomes)})`,
    );
  }, RACE_TIMEOUT_MS);

  it(`sells exactly the ${STOCK} units in stock to ${ORDERS} concurrent orders`, () => {
    expect(answers.filter((answer) => answer.outcome.ok)).toHaveLength(STOCK);
  });

  it(`refuses the other ${ORDERS - STOCK} with CONFLICT saying none is left`, () => {
    const refused = answers.filter((answer) => !answer.outcome.ok);
    expect(refused).toHaveLength(ORDERS - STOCK);
    for (const answer of refused) {
      expect(answer.outcome, JSON.stringify(answer.body)).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining('only 0 left'),
      });
    }
  });

  it('leaves the stock at 0, never seen below it', async () => {
    expect(await stockOf(database.current, productId)).toBe(0);
    expect(lowestStockSeen).toBeGreaterThanOrEqual(0);
  });

  it(`records exactly ${STOCK} orders of one unit of the product`, async () => {
    const [lines] = await database.current.handle.db
      .select({ orders: count(), units: sum(tables.orderLines.quantity) })
      .from(tables.orderLines)
      .where(eq(tables.orderLines.productId, productId));
    expect(lines).toEqual({ orders: STOCK, units: String(STOCK) });
    const [orders] = await database.current.handle.db.select({ value: count() }).from(tables.orders);
    expect(orders?.value).toBe(STOCK);
  });

  it(`charges exactly ${STOCK} times, once per order, for the unit price`, async () => {
    const orders = await database.current.handle.db.select({ paymentId: tables.orders.paymentId }).from(tables.orders);
    expect(gp.payments.captures).toHaveLength(STOCK);
    expect(new Set(gp.payments.captures.map((capture) => capture.authorisationId))).toEqual(
      new Set(orders.map((order) => order.paymentId)),
    );
    expect(gp.payments.captures.every((capture) => capture.amountCents === PRICE_CENTS)).toBe(true);
    // The refused orders met the stock check before any hold was asked for.
    expect(gp.payments.authorisations).toHaveLength(STOCK);
  });

  it(`emits exactly ${STOCK} order.placed events, one per order`, async () => {
    const events = await database.current.handle.db.select().from(tables.outboxEvents).where(eq(tables.outboxEvents.type, 'order.placed'));
    const ordersNamed = new Set(events.map((event) => (event.payload as { orderId: string }).orderId));
    expect(events).toHaveLength(STOCK);
    expect(ordersNamed.size).toBe(STOCK);
  });
});
