// The routes around the mutations: health and readiness, GraphiQL and the SDL, tRPC queries by
// GET, and the limits on tRPC batches.
import { ERROR_CODES } from '@gatepost/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, forEachDatabase, type TestDatabase } from '../../helpers/databases';
import { startGatepost, useGatepost, type GatepostUnderTest } from '../../helpers/start-gatepost';
import { contactRowsWithEmail, errorCodeOf, errorMessageOf, expectNothingLeaked, postJson, trpcQueryPath, uniqueEmail } from './wire';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** `{ "0": a, "1": b, … }`: how tRPC's httpBatchLink numbers the inputs of a batch. */
function batchInputs(inputs: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries(inputs.map((input, index) => [String(index), input]));
}

async function submitContact(gp: GatepostUnderTest, email: string): Promise<{ id: string; email: string }> {
  const response = await gp.fetch('/trpc/contacts.submit', postJson({ name: 'Ada', email, message: 'Hello' }));
  expect(response.status).toBe(200);
  return ((await response.json()) as { result: { data: { id: string; email: string } } }).result.data;
}

describe('GET /healthz', () => {
  let database: TestDatabase;
  let gp: GatepostUnderTest;
  beforeAll(async () => {
    database = await createTestDatabase('embedded');
    gp = await startGatepost({ database });
  });
  afterAll(async () => {
    await gp.close();
    await database.close();
  });

  it('answers 200 { status: "ok" }', async () => {
    const response = await gp.fetch('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /readyz when the database handle has been closed', () => {
  let database: TestDatabase;
  let gp: GatepostUnderTest;
  beforeAll(async () => {
    database = await createTestDatabase('embedded');
    gp = await startGatepost({ database });
    await database.handle.close();
  });
  afterAll(async () => {
    await gp.close();
    // The handle is already closed; closing it again may throw, and there is nothing left to free.
    await database.close().catch(() => {});
  });

  it('answers 503 with Retry-After so a load balancer stops routing here', async () => {
    const response = await gp.fetch('/readyz');
    const text = await response.text();
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.parse(text)).toMatchObject({ status: 'unavailable' });
    expectNothingLeaked(text);
  });
});

forEachDatabase((database) => {
  describe('with the default configuration', () => {
    const gp = useGatepost(database);

    it('answers GET /readyz with 200 naming the database driver when the database answers', async () => {
      const response = await gp.fetch('/readyz');
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ready', database: 'postgres' });
    });

    it('serves GraphiQL as HTML on GET /graphql for a browser', async () => {
      const response = await gp.fetch('/graphql', { headers: { accept: 'text/html' } });
      const html = await response.text();
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html).toMatch(/<html/i);
      expect(html).toContain('gatepost GraphiQL');
    });

    it('serves GraphiQL with its assets bundled, loading nothing from a CDN', async () => {
      const html = await (await gp.fetch('/graphql', { headers: { accept: 'text/html' } })).text();
      expect(html).not.toMatch(/unpkg\.com|jsdelivr\.net|cdnjs\.cloudflare\.com|esm\.sh/);
      expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:\/\//i);
    });

    it('serves the printed SDL on GET /schema.graphql', async () => {
      const response = await gp.fetch('/schema.graphql');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toContain('submitContact(input: SubmitContactInput!): Contact');
    });

    it('answers a tRPC query by GET with the contact it names', async () => {
      const saved = await submitContact(gp, uniqueEmail('read-back'));
      const response = await gp.fetch(trpcQueryPath('contacts.get', { id: saved.id }));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        result: { data: { id: saved.id, email: saved.email, name: 'Ada', message: 'Hello' } },
      });
    });

    it('answers a tRPC query by GET with null for an id that has no contact', async () => {
      const response = await gp.fetch(trpcQueryPath('contacts.get', { id: UNKNOWN_ID }));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ result: { data: null } });
    });

    it('refuses a tRPC query sent by POST with 405 METHOD_NOT_ALLOWED', async () => {
      const response = await gp.fetch('/trpc/contacts.get', postJson({ id: UNKNOWN_ID }));
      expect(response.status).toBe(405);
      expect(errorCodeOf(await response.json())).toBe('METHOD_NOT_ALLOWED');
    });

    it('does not refuse a tRPC batch URL of 60 procedures for its length', async () => {
      const saved = await submitContact(gp, uniqueEmail('batch-url'));
      const ids = Array.from({ length: 60 }, (_, index) => (index % 2 === 0 ? saved.id : UNKNOWN_ID));
      const path = `/trpc/${ids.map(() => 'contacts.get').join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(batchInputs(ids.map((id) => ({ id })))))}`;
      const response = await gp.fetch(path);
      expect(response.status).toBe(200);
      const results = (await response.json()) as { result: { data: { id: string } | null } }[];
      expect(results).toHaveLength(60);
      expect(results.map((item) => item.result.data?.id ?? null)).toEqual(ids.map((id) => (id === saved.id ? saved.id : null)));
    });
  });

  describe('with maxBatchCalls set to 3', () => {
    const gp = useGatepost(database, { config: { maxBatchCalls: 3 } });

    it('refuses a tRPC batch of 4 calls with a 4xx and writes none of them', async () => {
      const emails = Array.from({ length: 4 }, (_, index) => uniqueEmail(`over-batch-${index}`));
      const path = `/trpc/${emails.map(() => 'contacts.submit').join(',')}?batch=1`;
      const response = await gp.fetch(path, postJson(batchInputs(emails.map((email) => ({ name: 'Ada', email })))));
      const text = await response.text();
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(ERROR_CODES).toContain(errorCodeOf(JSON.parse(text)));
      expectNothingLeaked(text);
      for (const email of emails) expect(await contactRowsWithEmail(database.current, email)).toHaveLength(0);
    });

    it('says in its refusal how many calls a batch may carry', async () => {
      const inputs = Array.from({ length: 4 }, (_, index) => ({ name: 'Ada', email: uniqueEmail(`batch-message-${index}`) }));
      const path = `/trpc/${inputs.map(() => 'contacts.submit').join(',')}?batch=1`;
      const response = await gp.fetch(path, postJson(batchInputs(inputs)));
      expect(errorMessageOf(await response.json())).toMatch(/\b3\b/);
    });

    it('still runs a tRPC batch of 3 calls', async () => {
      const emails = Array.from({ length: 3 }, (_, index) => uniqueEmail(`within-batch-${index}`));
      const path = `/trpc/${emails.map(() => 'contacts.submit').join(',')}?batch=1`;
      const response = await gp.fetch(path, postJson(batchInputs(emails.map((email) => ({ name: 'Ada', email })))));
      expect(response.status).toBe(200);
      for (const email of emails) expect(await contactRowsWithEmail(database.current, email)).toHaveLength(1);
    });
  });
});
