import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';
import { startGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';

/** Redis cases run when TEST_REDIS_URL is set (CI sets it); a fresh machine has no Redis. */
const REDIS_URL = process.env.TEST_REDIS_URL || undefined;
const STORES = REDIS_URL ? (['memory', 'redis'] as const) : (['memory'] as const);
const json = { 'content-type': 'application/json' };
const contact = JSON.stringify({ name: 'Ada', email: 'ada@example.com' });

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('embedded');
});
afterAll(() => database.close());

async function login(gp: GatepostUnderTest, email: string, protocol: 'trpc' | 'graphql') {
  const body =
    protocol === 'trpc'
      ? JSON.stringify({ email, password: 'not the password' })
      : JSON.stringify({
          query: 'mutation($input: LoginInput!) { login(input: $input) { token } }',
          variables: { input: { email, password: 'not the password' } },
        });
  return gp.anonymousFetch(protocol === 'trpc' ? '/trpc/auth.login' : '/graphql', { method: 'POST', headers: json, body });
}

async function codeOf(response: Response): Promise<string | undefined> {
  const body = (await response.json()) as { error?: { data?: { code?: string } }; errors?: { extensions?: { code?: string } }[] };
  return body.error?.data?.code ?? body.errors?.[0]?.extensions?.code;
}

describe.each(STORES)('with counters in %s', (store) => {
  let gp: GatepostUnderTest;
  beforeAll(async () => {
    gp = await startGatepost({
      database,
      config: { loginAttemptsPerMinute: 10, rateLimitPerMinute: 1_000_000, ...(store === 'redis' ? { redisUrl: REDIS_URL } : {}) },
    });
  });
  afterAll(() => gp.close());

  for (const protocol of ['trpc', 'graphql'] as const) {
    it(`refuses the 11th failed login for one email in a minute with 429 and Retry-After over ${protocol}`, async () => {
      const email = `victim.${randomBytes(4).toString('hex')}@example.com`;
      for (let attempt = 1; attempt <= 10; attempt++) expect(await codeOf(await login(gp, email, protocol))).toBe('UNAUTHENTICATED');
      const refused = await login(gp, email, protocol);
      // Over GraphQL the refusal is a field error: 200 with errors, per GraphQL-over-HTTP.
      expect(refused.status).toBe(protocol === 'trpc' ? 429 : 200);
      expect(await codeOf(refused)).toBe('RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    });
  }

  it('counts each email on its own, so another account can still sign in from the same address', async () => {
    const email = `busy.${randomBytes(4).toString('hex')}@example.com`;
    for (let attempt = 1; attempt <= 11; attempt++) await login(gp, email, 'trpc');
    expect(await codeOf(await login(gp, `other.${randomBytes(4).toString('hex')}@example.com`, 'trpc'))).toBe('UNAUTHENTICATED');
  });
});

describe('the per-client request limit', () => {
  it('answers 429 RATE_LIMITED with Retry-After once a client spends its budget, on both protocols', async () => {
    await using gp = await startGatepost({ database, config: { rateLimitPerMinute: 3 } });
    // Credentials that match nothing count against the address they came from.
    const headers = { ...json, authorization: `Bearer budget-${randomBytes(8).toString('hex')}` };
    for (let request = 1; request <= 3; request++) await gp.fetch('/trpc/contacts.submit', { method: 'POST', headers, body: contact });
    const overTrpc = await gp.fetch('/trpc/contacts.submit', { method: 'POST', headers, body: contact });
    const overGraphql = await gp.fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query: '{ __typename }' }) });
    expect([overTrpc.status, overGraphql.status]).toEqual([429, 429]);
    expect([await codeOf(overTrpc), await codeOf(overGraphql)]).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    expect(Number(overTrpc.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it.skipIf(!REDIS_URL)('shares the budget between two processes through Redis', async () => {
    const config = { rateLimitPerMinute: 4, redisUrl: REDIS_URL, trustProxy: true };
    await using first = await startGatepost({ database, config });
    await using second = await startGatepost({ database, config });
    // An address of its own (through a trusted proxy): the Redis counters outlive this test.
    const address = `10.${randomBytes(3).join('.')}`;
    const headers = { ...json, 'x-forwarded-for': address };
    const statuses: number[] = [];
    for (const gp of [first, second, first, second, first]) {
      statuses.push(
        (await gp.anonymousFetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query: '{ __typename }' }) })).status,
      );
    }
    expect(statuses.filter((status) => status === 429)).toHaveLength(1);
    expect(statuses.at(-1)).toBe(429);
  });

  it('never limits the health checks a load balancer relies on', async () => {
    await using gp = await startGatepost({ database, config: { rateLimitPerMinute: 1 } });
    const statuses = [];
    for (let request = 0; request < 4; request++) statuses.push((await gp.anonymousFetch('/healthz')).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
  });
});
