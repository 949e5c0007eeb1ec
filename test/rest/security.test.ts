// What holds for tRPC and GraphQL holds for REST too, through the real server on both databases:
// credentials (session cookie, bearer token), the cookie CSRF rule, rate limits, Idempotency-Key
// (replay, still running, reused), the body limit, request ids and masked unexpected errors.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, contactsWithEmail, cookie, signUp, uniqueEmail, type SignedIn } from '../auth/helpers';
import { createProduct, ordersOf, stockOf, heldPaymentProvider } from '../helpers/commerce';
import { forEachDatabase } from '../helpers/databases';
import { faultyContract, faultyHandlers } from '../helpers/faulty-contract';
import { useGatepost } from '../helpers/start-gatepost';
import { expectProblem, sendRest } from './rest-answers';

const APP_ORIGIN = 'https://app.example.com';
const EVIL_ORIGIN = 'https://evil.example';

const contactBody = (label: string) => ({ name: 'Ada', email: uniqueEmail(label), message: 'Hello' });

forEachDatabase((database) => {
  describe('credentials', () => {
    const gp = useGatepost(database, { config: { corsOrigins: [APP_ORIGIN] } });
    let member: SignedIn;
    beforeAll(async () => {
      member = await signUp(gp, 'rest-credentials');
    });

    it('reads the signed-in user from the session cookie', async () => {
      const me = await sendRest(gp, 'GET', '/api/auth/me', { headers: cookie(member.token) });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: member.userId, email: member.email });
    });

    it('reads the signed-in user from a bearer token', async () => {
      const me = await sendRest(gp, 'GET', '/api/auth/me', { headers: bearer(member.token) });
      expect(me.body).toMatchObject({ id: member.userId });
    });

    it('refuses a cross-site POST carried only by the session cookie 403, and writes nothing', async () => {
      const body = contactBody('rest-csrf');
      const refused = await sendRest(gp, 'POST', '/api/contacts', { body, headers: { ...cookie(member.token), origin: EVIL_ORIGIN } });
      expectProblem(refused, 403, 'FORBIDDEN');
      expect(await contactsWithEmail(database.current, body.email)).toHaveLength(0);
    });

    it('accepts the same cookie POST from an allowed origin', async () => {
      const body = contactBody('rest-same-site');
      const created = await sendRest(gp, 'POST', '/api/contacts', { body, headers: { ...cookie(member.token), origin: APP_ORIGIN } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(await contactsWithEmail(database.current, body.email)).toHaveLength(1);
    });

    it('answers a bearer token that is no session 401 problem details', async () => {
      expectProblem(await sendRest(gp, 'GET', '/api/auth/me', { headers: bearer('not-a-session-token') }), 401, 'UNAUTHENTICATED');
    });
  });

  describe('the rate limit', () => {
    const gp = useGatepost(database, { config: { rateLimitPerMinute: 2 } });

    it('answers past the minute budget 429 problem details with Retry-After', async () => {
      const answers = [];
      for (let attempt = 0; attempt < 3; attempt++) answers.push(await sendRest(gp, 'GET', '/api/products'));
      expect(answers.slice(0, 2).map((answer) => answer.status)).toEqual([200, 200]);
      const limited = answers[2];
      if (!limited) throw new Error('no third answer');
      expectProblem(limited, 429, 'RATE_LIMITED');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.body.retryable).toBe(true);
    });
  });

  describe('Idempotency-Key', () => {
    const payments = heldPaymentProvider();
    const gp = useGatepost(database, { payments });

    it('replays a contact for the same key and body, byte for byte, with Idempotent-Replayed', async () => {
      const body = contactBody('rest-replay');
      const headers = { 'idempotency-key': randomUUID() };
      const first = await sendRest(gp, 'POST', '/api/contacts', { body, headers });
      const again = await sendRest(gp, 'POST', '/api/contacts', { body, headers });
      expect([first.status, again.status]).toEqual([201, 201]);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.headers.get('location')).toBe(first.headers.get('location'));
      expect(again.body).toEqual(first.body);
      expect(await contactsWithEmail(database.current, body.email)).toHaveLength(1);
    });

    it('refuses the same key with another body 422 IDEMPOTENCY_KEY_REUSED, writing nothing more', async () => {
      const headers = { 'idempotency-key': randomUUID() };
      const first = contactBody('rest-reused');
      await sendRest(gp, 'POST', '/api/contacts', { body: first, headers });
      const other = contactBody('rest-reused-other');
      expectProblem(await sendRest(gp, 'POST', '/api/contacts', { body: other, headers }), 422, 'IDEMPOTENCY_KEY_REUSED');
      expect(await contactsWithEmail(database.current, other.email)).toHaveLength(0);
    });

    it('answers a duplicate of an order still running 409, retryable, and places it once', async () => {
      const buyer = await signUp(gp, 'rest-running');
      const product = await createProduct(database.current, { stock: 5 });
      const headers = { ...bearer(buyer.token), 'idempotency-key': randomUUID() };
      const body = { items: [{ productId: product.id, quantity: 1 }], paymentToken: 'tok_approve' };
      const running = sendRest(gp, 'POST', '/api/orders', { body, headers });
      await payments.waiting;
      const duplicate = await sendRest(gp, 'POST', '/api/orders', { body, headers });
      payments.release();
      expectProblem(duplicate, 409, 'CONFLICT');
      expect(duplicate.body.detail).toMatch(/still being processed/);
      expect(duplicate.body.retryable).toBe(true);
      expect((await running).status).toBe(201);
      expect(await ordersOf(database.current, buyer.userId)).toHaveLength(1);
      expect(await stockOf(database.current, product.id)).toBe(4);
    });
  });

  describe('the body limit', () => {
    const gp = useGatepost(database, { config: { bodyLimitBytes: 2048 } });

    it('answers a body over the limit 413 problem details the client receives, and writes nothing', async () => {
      const body = { ...contactBody('rest-too-large'), message: 'm'.repeat(4096) };
      expectProblem(await sendRest(gp, 'POST', '/api/contacts', { body }), 413, 'PAYLOAD_TOO_LARGE');
      expect(await contactsWithEmail(database.current, body.email)).toHaveLength(0);
    });
  });

  describe('request ids', () => {
    const gp = useGatepost(database);

    it('echoes the x-request-id sent and names it as the problem instance', async () => {
      const requestId = `rest-${randomUUID()}`;
      const refused = await sendRest(gp, 'POST', '/api/contacts', { body: {}, headers: { 'x-request-id': requestId } });
      expect(refused.headers.get('x-request-id')).toBe(requestId);
      expect(refused.body.instance).toBe(`urn:gatepost:request:${requestId}`);
    });
  });

  describe('an unexpected error in a handler', () => {
    const gp = useGatepost(database, { contract: faultyContract, handlers: faultyHandlers });

    it('is answered 500 INTERNAL with a detail that quotes the request id, not the error, and rolls back', async () => {
      const email = uniqueEmail('rest-masked');
      const failed = await sendRest(gp, 'POST', '/api/faults/explode', { body: { email } });
      expectProblem(failed, 500, 'INTERNAL');
      expect(failed.body.detail).toContain(failed.headers.get('x-request-id') ?? 'no request id');
      expect(JSON.stringify(failed.body)).not.toMatch(/secret_table|password|\bat \w+ \(/);
      expect(await contactsWithEmail(database.current, email)).toHaveLength(0);
    });
  });
});
