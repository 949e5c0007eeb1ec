// Whose budget a request spends: a user's (all their sessions and API keys together), else its
// address's; and credentials that match nothing, counted per address and refused unread once spent.
import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';
import { rawOperation, type RawAnswer } from '../helpers/raw-operation';
import { startGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';

/** Redis cases run when TEST_REDIS_URL is set (CI sets it); a fresh machine has no Redis. */
const REDIS_URL = process.env.TEST_REDIS_URL || undefined;
const STORES = REDIS_URL ? (['memory', 'redis'] as const) : (['memory'] as const);
const PASSWORD = 'correct-horse-battery-staple';

/**
 * A client address of its own for each test, sent through a trusted proxy's X-Forwarded-For:
 * Redis counters outlive a test and are shared by every process using that Redis.
 */
function newAddress(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

function codeOf(answer: RawAnswer): string {
  return answer.outcome.ok ? 'OK' : answer.outcome.code;
}

const forgedBearer = () => `Bearer forged-${randomBytes(16).toString('hex')}`;

describe.each(STORES)('with counters in %s', (store) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('embedded');
  });
  afterAll(() => database.close());

  const start = (config: Parameters<typeof startGatepost>[0]['config']) =>
    startGatepost({ database, config: { trustProxy: true, ...(store === 'redis' ? { redisUrl: REDIS_URL } : {}), ...config } });

  function submitFrom(gp: GatepostUnderTest, address: string, authorization?: string): Promise<RawAnswer> {
    const headers = { 'x-forwarded-for': address, ...(authorization ? { authorization } : {}) };
    return rawOperation(gp, 'trpc', 'contacts.submit', { name: 'Ada', email: 'ada@example.com' }, headers);
  }

  describe('credentials that match nothing', () => {
    it('are refused with 429 and Retry-After once their address has sent as many as AUTH_FAILURES_PER_MINUTE', async () => {
      await using gp = await start({ authFailuresPerMinute: 5 });
      const address = newAddress();
      const codes: string[] = [];
      for (let request = 0; request < 5; request++) codes.push(codeOf(await submitFrom(gp, address, forgedBearer())));
      expect(codes).toEqual(Array(5).fill('UNAUTHENTICATED'));
      const refused = await submitFrom(gp, address, forgedBearer());
      expect([refused.status, codeOf(refused)]).toEqual([429, 'RATE_LIMITED']);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('are refused without being looked up once their address is over that budget: no database is needed to answer', async () => {
      const own = await createTestDatabase('embedded');
      try {
        await using gp = await startGatepost({
          database: own,
          config: { trustProxy: true, authFailuresPerMinute: 3, ...(store === 'redis' ? { redisUrl: REDIS_URL } : {}) },
        });
        const address = newAddress();
        for (let request = 0; request < 3; request++) await submitFrom(gp, address, forgedBearer());
        // Every lookup from now on would fail with 503: the pool is closed.
        await own.handle.close();
        const refused = await Promise.all(Array.from({ length: 20 }, () => submitFrom(gp, address, forgedBearer())));
        expect(new Set(refused.map((answer) => answer.status))).toEqual(new Set([429]));
      } finally {
        await own.close();
      }
    });

    it('do not spend the budget of another address', async () => {
      await using gp = await start({ authFailuresPerMinute: 2 });
      const noisy = newAddress();
      for (let request = 0; request < 3; request++) await submitFrom(gp, noisy, forgedBearer());
      expect(codeOf(await submitFrom(gp, newAddress(), forgedBearer()))).toBe('UNAUTHENTICATED');
    });
  });

  describe('the per-client request limit', () => {
    it('gives one user one budget, whichever of their sessions and API keys each request carries', async () => {
      await using gp = await start({ rateLimitPerMinute: 6 });
      // Signing up and in is anonymous: it spends this address's budget, not the user's.
      const signUpAddress = newAddress();
      const email = `budget.${randomBytes(4).toString('hex')}@example.com`;
      await rawOperation(
        gp,
        'trpc',
        'auth.register',
        { email, password: PASSWORD, displayName: 'Budget' },
        { 'x-forwarded-for': signUpAddress },
      );
      const login = await rawOperation(gp, 'trpc', 'auth.login', { email, password: PASSWORD }, { 'x-forwarded-for': signUpAddress });
      const session = `Bearer ${(login.outcome as { data: { token: string } }).data.token}`;
      const address = newAddress();
      const keys: string[] = [];
      for (const name of ['first', 'second']) {
        const created = await rawOperation(
          gp,
          'trpc',
          'auth.createApiKey',
          { name },
          { 'x-forwarded-for': address, authorization: session },
        );
        keys.push(`Bearer ${(created.outcome as { data: { key: string } }).data.key}`);
      }
      const [first, second] = keys as [string, string];
      // Two requests with the session so far; two with each key make six.
      const spent = [];
      for (const authorization of [first, first, second, second]) spent.push(codeOf(await submitFrom(gp, address, authorization)));
      expect(spent).toEqual(['OK', 'OK', 'OK', 'OK']);
      const refused = await submitFrom(gp, newAddress(), session);
      expect([refused.status, codeOf(refused)]).toEqual([429, 'RATE_LIMITED']);
    });

    it('counts an anonymous request against its address, not against the users signed in there', async () => {
      await using gp = await start({ rateLimitPerMinute: 2 });
      const address = newAddress();
      for (let request = 0; request < 2; request++) await submitFrom(gp, address);
      expect((await submitFrom(gp, address)).status).toBe(429);
      expect((await submitFrom(gp, newAddress())).status).toBe(200);
    });
  });
});
