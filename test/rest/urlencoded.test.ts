// REST bodies sent as a form (application/x-www-form-urlencoded), as curl -d and a plain HTML
// <form> send them: fields typed by the operation's own schema, refusals as problem details
// naming the field, any other content type 415 — and nothing written by a refused request.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, contactsWithEmail, signUp, uniqueEmail, type SignedIn } from '../auth/helpers';
import { createProduct, ordersOf, stockOf } from '../helpers/commerce';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';

const FORM = 'application/x-www-form-urlencoded';

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

async function post(gp: GatepostUnderTest, path: string, body: BodyInit, headers: Record<string, string>): Promise<Answer> {
  const response = await gp.anonymousFetch(path, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

function postForm(gp: GatepostUnderTest, path: string, fields: string, headers: Record<string, string> = {}): Promise<Answer> {
  return post(gp, path, fields, { 'content-type': FORM, ...headers });
}

function expectProblem(answer: Answer, status: number, code: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ status, code });
}

forEachDatabase((database) => {
  const gp = useGatepost(database);

  describe('POST /api/contacts as a form', () => {
    it('answers 201 with the contact, and the row is written', async () => {
      const email = uniqueEmail('rest-form');
      const created = await postForm(
        gp,
        '/api/contacts',
        new URLSearchParams({ name: 'Ada Lovelace', email, message: 'Hi & bye' }).toString(),
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.headers.get('location')).toBe(`/api/contacts/${String(created.body.id)}`);
      const rows = await contactsWithEmail(database.current, email);
      expect(rows.map((row) => ({ id: row.id, name: row.name, message: row.message }))).toEqual([
        { id: created.body.id, name: 'Ada Lovelace', message: 'Hi & bye' },
      ]);
    });

    it('accepts the content type with a charset parameter', async () => {
      const email = uniqueEmail('rest-form-charset');
      const created = await postForm(gp, '/api/contacts', `name=Ada&email=${encodeURIComponent(email)}`, {
        'content-type': `${FORM}; charset=UTF-8`,
      });
      expect(created.status).toBe(201);
    });

    it('refuses a bad email 400 naming the field, and writes nothing', async () => {
      const refused = await postForm(gp, '/api/contacts', 'name=Ada&email=not-an-email');
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.issues).toEqual([{ path: ['email'], message: 'must be an email address' }]);
      expect(await contactsWithEmail(database.current, 'not-an-email')).toEqual([]);
    });

    it('refuses a name sent twice 400 VALIDATION_FAILED naming it, and writes nothing', async () => {
      const email = uniqueEmail('rest-form-twice');
      const refused = await postForm(gp, '/api/contacts', `name=Ada&name=Bob&email=${encodeURIComponent(email)}`);
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.issues).toEqual([{ path: ['name'], message: 'was sent 2 times; send one value' }]);
      expect(refused.body.detail).toBe('name: was sent 2 times; send one value');
      expect(await contactsWithEmail(database.current, email)).toEqual([]);
    });

    it('refuses a field the contract does not know, naming it', async () => {
      const email = uniqueEmail('rest-form-unknown');
      const refused = await postForm(gp, '/api/contacts', `name=Ada&email=${encodeURIComponent(email)}&admin=true`);
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.issues).toEqual([{ path: ['admin'], message: 'is not a known field' }]);
      expect(await contactsWithEmail(database.current, email)).toEqual([]);
    });
  });

  describe('POST /api/orders as a form', () => {
    let buyer: SignedIn;
    beforeAll(async () => {
      buyer = await signUp(gp, 'rest-form-orders');
    });

    function orderHeaders(): Record<string, string> {
      return { ...bearer(buyer.token), 'idempotency-key': randomUUID() };
    }

    it('places an order from items[0][productId] and items[0][quantity] keys: 201, the stock taken', async () => {
      const product = await createProduct(database.current, { stock: 5 });
      const placed = await postForm(
        gp,
        '/api/orders',
        `items[0][productId]=${product.id}&items[0][quantity]=2&paymentToken=tok_approve`,
        orderHeaders(),
      );
      expect(placed.status, JSON.stringify(placed.body)).toBe(201);
      expect(placed.body).toMatchObject({ items: [{ productId: product.id, quantity: 2 }] });
      expect(await stockOf(database.current, product.id)).toBe(3);
    });

    it('reads percent-encoded brackets as curl --data-urlencode sends them', async () => {
      const product = await createProduct(database.current, { stock: 5 });
      const fields = new URLSearchParams({ 'items[0][productId]': product.id, 'items[0][quantity]': '1', paymentToken: 'tok_approve' });
      const placed = await postForm(gp, '/api/orders', fields.toString(), orderHeaders());
      expect(placed.status, JSON.stringify(placed.body)).toBe(201);
      expect(await stockOf(database.current, product.id)).toBe(4);
    });

    it('refuses a quantity that is not a number 400, naming items.0.quantity with the schema message, and places nothing', async () => {
      const product = await createProduct(database.current, { stock: 5 });
      const before = (await ordersOf(database.current, buyer.userId)).length;
      const refused = await postForm(
        gp,
        '/api/orders',
        `items[0][productId]=${product.id}&items[0][quantity]=two&paymentToken=tok_approve`,
        orderHeaders(),
      );
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.issues).toEqual([{ path: ['items', 0, 'quantity'], message: 'must be a number' }]);
      expect(refused.body.detail).toBe('items.0.quantity: must be a number');
      expect(await stockOf(database.current, product.id)).toBe(5);
      expect(await ordersOf(database.current, buyer.userId)).toHaveLength(before);
    });

    it('refuses an item field sent twice 400 naming it, and places nothing', async () => {
      const product = await createProduct(database.current, { stock: 5 });
      const refused = await postForm(
        gp,
        '/api/orders',
        `items[0][productId]=${product.id}&items[0][quantity]=1&items[0][quantity]=3&paymentToken=tok_approve`,
        orderHeaders(),
      );
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.issues).toEqual([{ path: ['items', 0, 'quantity'], message: 'was sent 2 times; send one value' }]);
      expect(await stockOf(database.current, product.id)).toBe(5);
    });

    it('tells an anonymous caller with a malformed form 401 first, not what the form should be', async () => {
      const refused = await postForm(gp, '/api/orders', 'paymentToken=a&paymentToken=b', { 'idempotency-key': randomUUID() });
      expectProblem(refused, 401, 'UNAUTHENTICATED');
    });
  });

  describe('any other content type on a REST POST', () => {
    const OTHERS: readonly { readonly name: string; readonly body: () => BodyInit; readonly headers: Record<string, string> }[] = [
      { name: 'text/plain', body: () => '{"name":"Ada","email":"plain@example.com"}', headers: { 'content-type': 'text/plain' } },
      { name: 'application/xml', body: () => '<contact/>', headers: { 'content-type': 'application/xml' } },
    ];

    it.each(OTHERS)(
      'refuses $name with 415 UNSUPPORTED_MEDIA_TYPE problem details naming every accepted type',
      async ({ name, body, headers }) => {
        const refused = await post(gp, '/api/contacts', body(), headers);
        expectProblem(refused, 415, 'UNSUPPORTED_MEDIA_TYPE');
        expect(refused.body.detail).toBe(
          `The content type "${name}" is not supported; send application/json, application/x-www-form-urlencoded or multipart/form-data.`,
        );
      },
    );

    it.each(OTHERS)('writes nothing for $name', async ({ body, headers }) => {
      await post(gp, '/api/contacts', body(), headers);
      expect(await contactsWithEmail(database.current, 'plain@example.com')).toEqual([]);
    });
  });
});
