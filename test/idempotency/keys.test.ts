import { randomUUID } from 'node:crypto';
import { tables } from '@gatepost/db';
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import { createProduct, ordersOf } from '../helpers/commerce';
import { forEachDatabase } from '../helpers/databases';
import { forEachProtocol } from '../helpers/protocols';
import { codeOf, dataOf, rawOperation } from '../helpers/raw-operation';
import { useGatepost } from '../helpers/start-gatepost';

forEachDatabase((database) => {
  const gp = useGatepost(database);
  let buyer: SignedIn;
  let productId: string;
  beforeAll(async () => {
    buyer = await signUp(gp, 'keys');
    productId = (await createProduct(database.current, { stock: 1000, priceCents: 700 })).id;
  });
  const order = (quantity = 1) => ({ items: [{ productId, quantity }], paymentToken: 'tok_approve' });
  const contact = () => ({ name: 'Ada', email: `ada.${randomUUID()}@example.com`, message: 'Hi' });
  const contactsWith = async (email: string) =>
    database.current.handle.db.select().from(tables.contacts).where(eq(tables.contacts.email, email));

  forEachProtocol((protocol) => {
    it('executes the first request with a key and answers without the replay header', async () => {
      const answer = await rawOperation(gp, protocol, 'orders.place', order(), { ...bearer(buyer.token), 'idempotency-key': randomUUID() });
      expect(dataOf(answer)).toMatchObject({ status: 'authorised', totalCents: 700 });
      expect(answer.headers.get('idempotent-replayed')).toBeNull();
    });

    it('replays the stored answer with Idempotent-Replayed: true when the same key and payload come again', async () => {
      const headers = { ...bearer(buyer.token), 'idempotency-key': randomUUID() };
      const first = await rawOperation(gp, protocol, 'orders.place', order(2), headers);
      const ordersBefore = (await ordersOf(database.current, buyer.userId)).length;
      const chargesBefore = gp.payments.captures.length;
      const again = await rawOperation(gp, protocol, 'orders.place', order(2), headers);
      expect(again.status).toBe(first.status);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect((await ordersOf(database.current, buyer.userId)).length).toBe(ordersBefore);
      expect(gp.payments.captures.length).toBe(chargesBefore);
    });

    it('refuses the same key with a different payload with 422 IDEMPOTENCY_KEY_REUSED, running nothing', async () => {
      const headers = { ...bearer(buyer.token), 'idempotency-key': randomUUID() };
      dataOf(await rawOperation(gp, protocol, 'orders.place', order(1), headers));
      const ordersBefore = (await ordersOf(database.current, buyer.userId)).length;
      const reused = await rawOperation(gp, protocol, 'orders.place', order(3), headers);
      expect(codeOf(reused)).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(reused.status).toBe(protocol === 'trpc' ? 422 : 200);
      expect(reused.outcome).toMatchObject({ message: expect.stringContaining('different input') });
      expect((await ordersOf(database.current, buyer.userId)).length).toBe(ordersBefore);
    });

    it('refuses the same key used for another mutation with 422, naming the mutation it was used for', async () => {
      const headers = { ...bearer(buyer.token), 'idempotency-key': randomUUID() };
      dataOf(await rawOperation(gp, protocol, 'contacts.submit', contact(), headers));
      const reused = await rawOperation(gp, protocol, 'orders.place', order(), headers);
      expect(codeOf(reused)).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(reused.outcome).toMatchObject({ message: expect.stringContaining('contacts.submit') });
    });

    it('refuses an order without a key with 400 naming the Idempotency-Key header, charging nothing', async () => {
      const chargesBefore = gp.payments.captures.length;
      const answer = await rawOperation(gp, protocol, 'orders.place', order(), bearer(buyer.token));
      expect(codeOf(answer)).toBe(protocol === 'trpc' ? 'VALIDATION_FAILED' : 'BAD_USER_INPUT');
      expect(answer.status).toBe(protocol === 'trpc' ? 400 : 200);
      expect(answer.outcome).toMatchObject({ message: expect.stringContaining('Idempotency-Key header: required by orders.place') });
      expect(gp.payments.captures.length).toBe(chargesBefore);
    });

    it('refuses a key longer than 255 characters with 400 naming the header', async () => {
      const answer = await rawOperation(gp, protocol, 'contacts.submit', contact(), { 'idempotency-key': 'k'.repeat(256) });
      expect(codeOf(answer)).toBe(protocol === 'trpc' ? 'VALIDATION_FAILED' : 'BAD_USER_INPUT');
      expect(answer.outcome).toMatchObject({ message: expect.stringContaining('Idempotency-Key header') });
    });

    it('accepts the key as a Structured Field string ("…") and as a bare token alike', async () => {
      const key = randomUUID();
      const input = contact();
      const quoted = await rawOperation(gp, protocol, 'contacts.submit', input, { 'idempotency-key': `"${key}"` });
      const bare = await rawOperation(gp, protocol, 'contacts.submit', input, { 'idempotency-key': key });
      expect(bare.body).toEqual(quoted.body);
      expect(bare.headers.get('idempotent-replayed')).toBe('true');
      expect(await contactsWith(input.email)).toHaveLength(1);
    });

    it('keeps an optional-key mutation working without a key, running it each time', async () => {
      const input = contact();
      dataOf(await rawOperation(gp, protocol, 'contacts.submit', input));
      dataOf(await rawOperation(gp, protocol, 'contacts.submit', input));
      expect(await contactsWith(input.email)).toHaveLength(2);
    });

    it('scopes keys to the signed-in user: another user sending the same key runs their own request', async () => {
      const other = await signUp(gp, 'keys-other');
      const key = randomUUID();
      const mine = dataOf(await rawOperation(gp, protocol, 'orders.place', order(), { ...bearer(buyer.token), 'idempotency-key': key }));
      const answer = await rawOperation(gp, protocol, 'orders.place', order(), { ...bearer(other.token), 'idempotency-key': key });
      expect(dataOf(answer).id).not.toBe(mine.id);
      expect(answer.headers.get('idempotent-replayed')).toBeNull();
      expect(await ordersOf(database.current, other.userId)).toHaveLength(1);
    });

    it('scopes keys of anonymous calls to the client address, replaying a public form retried from it', async () => {
      const key = randomUUID();
      const input = contact();
      const first = await rawOperation(gp, protocol, 'contacts.submit', input, { 'idempotency-key': key });
      const again = await rawOperation(gp, protocol, 'contacts.submit', input, { 'idempotency-key': key });
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await contactsWith(input.email)).toHaveLength(1);
    });

    it('ignores a key on a mutation whose contract says none (sign-in): each sign-in is a new session', async () => {
      const key = randomUUID();
      const input = { email: buyer.email, password: 'correct-horse-battery-staple' };
      const first = dataOf<{ token: string }>(await rawOperation(gp, protocol, 'auth.login', input, { 'idempotency-key': key }));
      const second = await rawOperation(gp, protocol, 'auth.login', input, { 'idempotency-key': key });
      expect(dataOf<{ token: string }>(second).token).not.toBe(first.token);
      expect(second.headers.get('idempotent-replayed')).toBeNull();
      expect(second.headers.getSetCookie().length).toBe(1);
    });

    it('stores nothing for a refused input, so the corrected request may reuse the key', async () => {
      const key = randomUUID();
      const refused = await rawOperation(
        gp,
        protocol,
        'contacts.submit',
        { name: 'Ada', email: 'not-an-email' },
        { 'idempotency-key': key },
      );
      expect(codeOf(refused)).not.toBe('OK');
      const input = contact();
      dataOf(await rawOperation(gp, protocol, 'contacts.submit', input, { 'idempotency-key': key }));
      expect(await contactsWith(input.email)).toHaveLength(1);
    });
  });

  it('replays the very bytes of the first answer, field order included', async () => {
    const send = () =>
      gp.fetch('/trpc/orders.place', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(buyer.token), 'idempotency-key': key },
        body: JSON.stringify(order(1)),
      });
    const key = randomUUID();
    const first = await (await send()).text();
    const again = await send();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.text()).toBe(first);
  });

  it('replays a key first used over tRPC when the same mutation and input come over GraphQL', async () => {
    const key = randomUUID();
    const input = contact();
    const overTrpc = dataOf(await rawOperation(gp, 'trpc', 'contacts.submit', input, { 'idempotency-key': key }));
    const overGraphql = await rawOperation(gp, 'graphql', 'contacts.submit', input, { 'idempotency-key': key });
    expect(dataOf(overGraphql)).toEqual(overTrpc);
    expect(overGraphql.headers.get('idempotent-replayed')).toBe('true');
    expect(await contactsWith(input.email)).toHaveLength(1);
  });
});
