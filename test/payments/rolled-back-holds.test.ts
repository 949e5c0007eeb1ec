// A hold whose transaction does not commit is voided, and nothing is captured: whether the
// transaction rolled back (an all-or-nothing batch refused later) or COMMIT itself failed.
import { randomUUID } from 'node:crypto';
import { tables } from '@gatepost/db';
import { count, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import { createProduct } from '../helpers/commerce';
import { forEachDatabase } from '../helpers/databases';
import { forEachProtocol } from '../helpers/protocols';
import { useGatepost } from '../helpers/start-gatepost';
import { controlledProvider, placeAs } from './helpers';

/** A price no other test uses: orders of it are refused by the trigger below, at COMMIT. */
const REFUSED_AT_COMMIT_CENTS = 4242;

forEachDatabase((database) => {
  const payments = controlledProvider();
  const gp = useGatepost(database, { payments });
  let buyer: SignedIn;
  beforeAll(async () => {
    buyer = await signUp(gp, 'rolled-back-holds');
    // A deferred constraint trigger runs at COMMIT, after the handler made its hold and returned:
    // the commit fails the way a deferred foreign key or exclusion constraint would.
    await database.current.handle.db.execute(
      sql.raw(`
      create function refuse_order_at_commit() returns trigger language plpgsql as $$
      begin
        if new.total_cents = ${REFUSED_AT_COMMIT_CENTS} then raise exception 'refused at commit'; end if;
        return null;
      end $$;
      create constraint trigger orders_refused_at_commit after insert on orders
        deferrable initially deferred for each row execute function refuse_order_at_commit();
    `),
    );
  });

  const orderCount = async () => (await database.current.handle.db.select({ value: count() }).from(tables.orders))[0]?.value ?? 0;
  /** The holds made since `before`, by status. */
  const holdsSince = (before: number) => payments.authorisations.slice(before).map((hold) => hold.status);

  forEachProtocol((protocol) => {
    it('voids the hold and captures nothing when COMMIT fails after the hold was made', async () => {
      const product = await createProduct(database.current, { stock: 5, priceCents: REFUSED_AT_COMMIT_CENTS });
      const [holdsBefore, capturesBefore, ordersBefore] = [payments.authorisations.length, payments.captures.length, await orderCount()];
      const answer = await placeAs(gp, protocol, buyer, product.id);
      expect(answer.outcome).toMatchObject({ ok: false, code: 'INTERNAL' });
      expect(holdsSince(holdsBefore)).toEqual(['voided']);
      expect(payments.captures.length).toBe(capturesBefore);
      expect(await orderCount()).toBe(ordersBefore);
    });
  });

  it('voids the hold of an order in an all-or-nothing batch that another call of it sank', async () => {
    const plenty = await createProduct(database.current, { stock: 5 });
    const scarce = await createProduct(database.current, { stock: 1 });
    const [holdsBefore, capturesBefore, ordersBefore] = [payments.authorisations.length, payments.captures.length, await orderCount()];
    const response = await gp.anonymousFetch('/trpc/orders.place,orders.place?batch=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'gatepost-atomic': 'true', 'idempotency-key': randomUUID(), ...bearer(buyer.token) },
      body: JSON.stringify({
        0: { items: [{ productId: plenty.id, quantity: 1 }], paymentToken: 'tok_approve' },
        1: { items: [{ productId: scarce.id, quantity: 2 }], paymentToken: 'tok_approve' },
      }),
    });
    const [first, second] = (await response.json()) as { error?: { data: { code: string } } }[];
    expect([first?.error?.data.code, second?.error?.data.code]).toEqual(['BATCH_ABORTED', 'CONFLICT']);
    // The first order was placed, its money held, then the batch rolled back: the hold is released.
    expect(holdsSince(holdsBefore)).toEqual(['voided']);
    expect(payments.captures.length).toBe(capturesBefore);
    expect(await orderCount()).toBe(ordersBefore);
  });

  it('captures each order of an all-or-nothing batch that committed, once', async () => {
    const product = await createProduct(database.current, { stock: 5 });
    const [holdsBefore, capturesBefore] = [payments.authorisations.length, payments.captures.length];
    const response = await gp.anonymousFetch('/trpc/orders.place,orders.place?batch=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'gatepost-atomic': 'true', 'idempotency-key': randomUUID(), ...bearer(buyer.token) },
      body: JSON.stringify({
        0: { items: [{ productId: product.id, quantity: 1 }], paymentToken: 'tok_approve' },
        1: { items: [{ productId: product.id, quantity: 2 }], paymentToken: 'tok_approve' },
      }),
    });
    expect(response.status).toBe(200);
    expect(holdsSince(holdsBefore)).toEqual(['captured', 'captured']);
    expect(payments.captures.length).toBe(capturesBefore + 2);
  });

  it('makes no hold for an order refused before its payment (out of stock) or declined, and captures nothing', async () => {
    const product = await createProduct(database.current, { stock: 1 });
    const [holdsBefore, capturesBefore] = [payments.authorisations.length, payments.captures.length];
    const outOfStock = await placeAs(gp, 'trpc', buyer, product.id, 2);
    const declined = await gp.anonymousFetch('/trpc/orders.place', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...bearer(buyer.token) },
      body: JSON.stringify({ items: [{ productId: product.id, quantity: 1 }], paymentToken: 'tok_decline' }),
    });
    expect(outOfStock.outcome).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(declined.status).toBe(402);
    // The decline is asked for (its token reaches the provider) and refused: nothing is held.
    expect(payments.authorisations.length).toBe(holdsBefore);
    expect(payments.captures.length).toBe(capturesBefore);
  });
});
