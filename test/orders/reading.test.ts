import type { GatepostClient } from '@gatepost/client';
import { findDatabaseError, tables } from '@gatepost/db';
import type { OutputOf } from '@gatepost/client';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { bearer, signUp } from '../auth/helpers';
import { createProduct, stockOf } from '../helpers/commerce';
import { forEachDatabase } from '../helpers/databases';
import { callOperation, forEachProtocol } from '../helpers/protocols';
import { useGatepost } from '../helpers/start-gatepost';
import { orderOf, succeeded, type Order } from './helpers';

type Product = OutputOf<'catalog.list'>[number];

/** The demo catalog migration 0004_demo_catalog seeds, by name. */
const DEMO_PRODUCTS = ['Ceramic mug', 'Espresso beans, 1 kg', 'Hand grinder', 'Paper filters, 100', 'Pour-over kettle'];

forEachDatabase((database) => {
  const gp = useGatepost(database);
  let buyer: GatepostClient;
  let stranger: GatepostClient;
  beforeAll(async () => {
    const [one, other] = await Promise.all([signUp(gp, 'orders-reader'), signUp(gp, 'orders-stranger')]);
    buyer = gp.anonymousClient({ headers: bearer(one.token) });
    stranger = gp.anonymousClient({ headers: bearer(other.token) });
  });

  forEachProtocol((protocol) => {
    const place = async (client: GatepostClient, input: ReturnType<typeof orderOf>) =>
      succeeded<Order>(await callOperation(client, protocol, 'mutation', 'orders.place', input));
    const getOrder = async (client: GatepostClient, id: string) =>
      succeeded<Order | null>(await callOperation(client, protocol, 'query', 'orders.get', { id }));
    const listProducts = async () => succeeded<Product[]>(await callOperation(buyer, protocol, 'query', 'catalog.list', {}));

    it('reads your own order back by its id as it was answered when placed, its payment since captured: paid', async () => {
      const product = await createProduct(database.current, { stock: 10 });
      const placed = await place(buyer, orderOf([{ productId: product.id, quantity: 2 }]));
      expect(placed.status).toBe('authorised');
      expect(await getOrder(buyer, placed.id)).toEqual({ ...placed, status: 'paid' });
    });

    it("reads an order's lines back in the order they were placed, not rearranged", async () => {
      const first = await createProduct(database.current, { stock: 10, name: `Z listed first ${protocol}` });
      const second = await createProduct(database.current, { stock: 10, name: `A listed second ${protocol}` });
      const placed = await place(
        buyer,
        orderOf([
          { productId: first.id, quantity: 1 },
          { productId: second.id, quantity: 2 },
        ]),
      );
      const read = await getOrder(buyer, placed.id);
      expect(read?.items.map((line) => line.productId)).toEqual([first.id, second.id]);
    });

    it("answers null for another user's order, as if it did not exist", async () => {
      const product = await createProduct(database.current, { stock: 10 });
      const theirs = await place(stranger, orderOf([{ productId: product.id, quantity: 1 }]));
      expect(await getOrder(buyer, theirs.id)).toBeNull();
    });

    it('lists the five demo products with integer prices and stock between 10 and 100', async () => {
      const demo = (await listProducts()).filter((product) => DEMO_PRODUCTS.includes(product.name));
      expect(demo.map((product) => product.name)).toEqual(DEMO_PRODUCTS);
      for (const product of demo) {
        expect(Number.isInteger(product.priceCents) && product.priceCents > 0, product.name).toBe(true);
        expect(product.stock, product.name).toBeGreaterThanOrEqual(10);
        expect(product.stock, product.name).toBeLessThanOrEqual(100);
      }
    });

    it('lists a new product with its price and stock, and shows the stock going down once it is ordered', async () => {
      const product = await createProduct(database.current, { stock: 7, priceCents: 990 });
      const listed = () => listProducts().then((products) => products.find((candidate) => candidate.id === product.id));
      expect(await listed()).toEqual({ id: product.id, name: product.name, priceCents: 990, stock: 7 });
      await place(buyer, orderOf([{ productId: product.id, quantity: 3 }]));
      expect(await listed()).toMatchObject({ stock: 4 });
    });
  });

  it("refuses a negative stock written straight in SQL: the database's CHECK holds the invariant, not only the code", async () => {
    const product = await createProduct(database.current, { stock: 1 });
    const error = await database.current.handle.db
      .update(tables.products)
      .set({ stock: sql`${tables.products.stock} - 2` })
      .where(eq(tables.products.id, product.id))
      .then(
        () => undefined,
        (failure: unknown) => failure,
      );
    expect(findDatabaseError(error)).toEqual({ code: '23514', constraint: 'products_stock_not_negative' });
    expect(await stockOf(database.current, product.id)).toBe(1);
  });
});
