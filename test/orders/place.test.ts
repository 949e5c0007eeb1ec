import type { GatepostClient } from '@gatepost/client';
import { tables } from '@gatepost/db';
import { asc, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import { createProduct, placedEventsFor, stockOf } from '../helpers/commerce';
import { forEachDatabase } from '../helpers/databases';
import { callOperation, forEachProtocol } from '../helpers/protocols';
import { useGatepost } from '../helpers/start-gatepost';
import { orderOf, succeeded, type Order } from './helpers';

forEachDatabase((database) => {
  const gp = useGatepost(database);
  let buyer: SignedIn;
  let client: GatepostClient;
  beforeAll(async () => {
    buyer = await signUp(gp, 'orders-place');
    client = gp.anonymousClient({ headers: bearer(buyer.token) });
  });

  forEachProtocol((protocol) => {
    const place = async (input: ReturnType<typeof orderOf>) =>
      succeeded<Order>(await callOperation(client, protocol, 'mutation', 'orders.place', input));

    it("takes the ordered units from each product's stock", async () => {
      const mug = await createProduct(database.current, { stock: 10 });
      const kettle = await createProduct(database.current, { stock: 3 });
      await place(
        orderOf([
          { productId: mug.id, quantity: 4 },
          { productId: kettle.id, quantity: 3 },
        ]),
      );
      expect(await stockOf(database.current, mug.id)).toBe(6);
      expect(await stockOf(database.current, kettle.id)).toBe(0);
    });

    it("records the order and its lines at the catalog's prices, the total being the sum of quantity × unit price", async () => {
      const beans = await createProduct(database.current, { stock: 10, priceCents: 1250, name: `A beans ${protocol}` });
      const filters = await createProduct(database.current, { stock: 10, priceCents: 399, name: `B filters ${protocol}` });
      const order = await place(
        orderOf([
          { productId: beans.id, quantity: 2 },
          { productId: filters.id, quantity: 3 },
        ]),
      );
      const { db } = database.current.handle;
      const [row] = await db.select().from(tables.orders).where(eq(tables.orders.id, order.id));
      expect(row).toMatchObject({ userId: buyer.userId, totalCents: 2 * 1250 + 3 * 399, paymentId: order.paymentId });
      const lines = await db
        .select()
        .from(tables.orderLines)
        .where(eq(tables.orderLines.orderId, order.id))
        .orderBy(asc(tables.orderLines.productName));
      expect(lines).toEqual([
        { orderId: order.id, productId: beans.id, productName: beans.name, position: 0, quantity: 2, unitPriceCents: 1250 },
        { orderId: order.id, productId: filters.id, productName: filters.name, position: 1, quantity: 3, unitPriceCents: 399 },
      ]);
    });

    it('answers with the lines at their prices and line totals, and their sum as the total', async () => {
      const beans = await createProduct(database.current, { stock: 10, priceCents: 2490 });
      const mug = await createProduct(database.current, { stock: 10, priceCents: 1450 });
      const order = await place(
        orderOf([
          { productId: beans.id, quantity: 1 },
          { productId: mug.id, quantity: 4 },
        ]),
      );
      expect(order.items).toEqual([
        { productId: beans.id, productName: beans.name, quantity: 1, unitPriceCents: 2490, lineTotalCents: 2490 },
        { productId: mug.id, productName: mug.name, quantity: 4, unitPriceCents: 1450, lineTotalCents: 5800 },
      ]);
      expect(order.totalCents).toBe(2490 + 5800);
    });

    it("authorises the payment token once, for the order's total, naming the order", async () => {
      const product = await createProduct(database.current, { stock: 10, priceCents: 690 });
      const holdsBefore = gp.payments.authorisations.length;
      const order = await place(orderOf([{ productId: product.id, quantity: 3 }]));
      const holds = gp.payments.authorisations.slice(holdsBefore);
      expect(holds).toHaveLength(1);
      expect(holds[0]).toMatchObject({ authorisationId: order.paymentId, amountCents: 3 * 690, token: 'tok_approve', reference: order.id });
      expect(order.totalCents).toBe(3 * 690);
    });

    it('answers with status authorised and the id of the hold it made: the answer is the order as committed', async () => {
      const product = await createProduct(database.current, { stock: 10 });
      const order = await place(orderOf([{ productId: product.id, quantity: 1 }]));
      expect(order.status).toBe('authorised');
      expect(order.paymentId).toMatch(/^pi_/);
    });

    it('emits exactly one order.placed event with the order, its buyer, total and items', async () => {
      const product = await createProduct(database.current, { stock: 10, priceCents: 500 });
      const order = await place(orderOf([{ productId: product.id, quantity: 2 }]));
      expect(await placedEventsFor(database.current, order.id)).toBe(1);
      const events = await database.current.handle.db
        .select()
        .from(tables.outboxEvents)
        .where(eq(tables.outboxEvents.type, 'order.placed'));
      const event = events.find((candidate) => (candidate.payload as { orderId?: string }).orderId === order.id);
      expect(event?.payload).toEqual({
        orderId: order.id,
        userId: buyer.userId,
        totalCents: 1000,
        items: [{ productId: product.id, quantity: 2 }],
      });
      expect(event?.publishedAt).toBeNull();
    });
  });
});
