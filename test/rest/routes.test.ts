import { randomUUID } from 'node:crypto';
import { tables } from '@gatepost/db';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import { createProduct, ordersOf, stockOf } from '../helpers/commerce';
import { forEachDatabase } from '../helpers/databases';
import { TEST_OPERATOR_KEY, useGatepost } from '../helpers/start-gatepost';
import { expectProblem, sendRest as send } from './rest-answers';

forEachDatabase((database) => {
  const gp = useGatepost(database);

  describe('POST /api/contacts', () => {
    it('answers 201 with the contact and a Location that reads it back', async () => {
      const email = `rest.${randomUUID()}@example.com`;
      const created = await send(gp, 'POST', '/api/contacts', { body: { name: 'Ada', email, message: 'Hello' } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'Ada', email, message: 'Hello' });
      expect(created.headers.get('location')).toBe(`/api/contacts/${String(created.body.id)}`);
      const read = await send(gp, 'GET', created.headers.get('location') ?? '');
      expect(read.status).toBe(200);
      expect(read.body).toEqual(created.body);
    });

    it('refuses a bad email with 400 problem details naming the field, and writes nothing', async () => {
      const name = `Nobody ${randomUUID()}`;
      const refused = await send(gp, 'POST', '/api/contacts', { body: { name, email: 'not-an-email' } });
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.detail).toMatch(/^email: /);
      expect(refused.body.issues).toEqual([{ path: ['email'], message: expect.any(String) }]);
      expect(await database.current.handle.db.select().from(tables.contacts).where(eq(tables.contacts.name, name))).toEqual([]);
    });

    it('refuses malformed JSON with 400 problem details', async () => {
      const response = await gp.anonymousFetch('/api/contacts', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":',
      });
      expectProblem(
        { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> },
        400,
        'MALFORMED_REQUEST',
      );
    });

    it('answers another method on the path 405 with Allow', async () => {
      const refused = await send(gp, 'DELETE', '/api/contacts');
      expectProblem(refused, 405, 'METHOD_NOT_ALLOWED');
      expect(refused.headers.get('allow')).toBe('POST, GET, HEAD');
    });
  });

  describe('GET /api/contacts/{id}', () => {
    it('answers 404 problem details for an id with no contact', async () => {
      expectProblem(await send(gp, 'GET', `/api/contacts/${randomUUID()}`), 404, 'NOT_FOUND');
    });

    it('answers 400 naming id when the id is not a UUID', async () => {
      const refused = await send(gp, 'GET', '/api/contacts/not-a-uuid');
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.issues).toEqual([{ path: ['id'], message: expect.any(String) }]);
    });
  });

  describe('GET /api/contacts (admin)', () => {
    it('answers a page with the limit taken from the query string as a number', async () => {
      const page = await send(gp, 'GET', '/api/contacts?limit=2', { headers: { authorization: `Bearer ${TEST_OPERATOR_KEY}` } });
      expect(page.status).toBe(200);
      expect((page.body.items as unknown[]).length).toBeLessThanOrEqual(2);
    });

    it('answers 400 naming limit when it is not a number', async () => {
      const refused = await send(gp, 'GET', '/api/contacts?limit=lots', { headers: { authorization: `Bearer ${TEST_OPERATOR_KEY}` } });
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.issues).toEqual([{ path: ['limit'], message: expect.any(String) }]);
    });

    it('answers an anonymous caller 401 problem details', async () => {
      expectProblem(await send(gp, 'GET', '/api/contacts'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('POST /api/orders', () => {
    let buyer: SignedIn;
    beforeAll(async () => {
      buyer = await signUp(gp, 'rest-orders');
    });

    it('places an order 201 with its Location, and replays it for the same Idempotency-Key', async () => {
      const product = await createProduct(database.current, { stock: 3 });
      const headers = { ...bearer(buyer.token), 'idempotency-key': randomUUID() };
      const body = { items: [{ productId: product.id, quantity: 1 }], paymentToken: 'tok_approve' };
      const placed = await send(gp, 'POST', '/api/orders', { body, headers });
      expect(placed.status, JSON.stringify(placed.body)).toBe(201);
      expect(placed.headers.get('location')).toBe(`/api/orders/${String(placed.body.id)}`);
      const replayed = await send(gp, 'POST', '/api/orders', { body, headers });
      expect(replayed.status).toBe(201);
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
      expect(replayed.body).toEqual(placed.body);
      expect(await stockOf(database.current, product.id)).toBe(2);
      const read = await send(gp, 'GET', placed.headers.get('location') ?? '', { headers: bearer(buyer.token) });
      expect(read.body.id).toBe(placed.body.id);
    });

    it('refuses an order without an Idempotency-Key 400, naming the header, and places nothing', async () => {
      const product = await createProduct(database.current, { stock: 3 });
      const refused = await send(gp, 'POST', '/api/orders', {
        body: { items: [{ productId: product.id, quantity: 1 }], paymentToken: 'tok_approve' },
        headers: bearer(buyer.token),
      });
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.detail).toMatch(/Idempotency-Key/);
      expect(await stockOf(database.current, product.id)).toBe(3);
    });

    it('answers a declined payment 402 problem details, not retryable', async () => {
      const product = await createProduct(database.current, { stock: 3 });
      const before = (await ordersOf(database.current, buyer.userId)).length;
      const refused = await send(gp, 'POST', '/api/orders', {
        body: { items: [{ productId: product.id, quantity: 1 }], paymentToken: 'tok_decline' },
        headers: { ...bearer(buyer.token), 'idempotency-key': randomUUID() },
      });
      expectProblem(refused, 402, 'PAYMENT_DECLINED');
      expect(refused.body.retryable).toBe(false);
      expect(await ordersOf(database.current, buyer.userId)).toHaveLength(before);
    });
  });

  describe('bookings', () => {
    it('reserves 201 and cancels through POST /api/bookings/{id}/cancel', async () => {
      const guest = await signUp(gp, 'rest-bookings');
      const slot = { resourceId: `room-${randomUUID()}`, from: '2032-01-01T10:00:00.000Z', to: '2032-01-01T11:00:00.000Z' };
      const reserved = await send(gp, 'POST', '/api/bookings', { body: slot, headers: bearer(guest.token) });
      expect(reserved.status).toBe(201);
      const cancelled = await send(gp, 'POST', `/api/bookings/${String(reserved.body.id)}/cancel`, { headers: bearer(guest.token) });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ id: reserved.body.id, status: 'cancelled' });
    });
  });

  describe('an unknown path under /api', () => {
    it('answers 404 problem details', async () => {
      expectProblem(await send(gp, 'GET', '/api/nothing-here'), 404, 'NOT_FOUND');
    });
  });
});
