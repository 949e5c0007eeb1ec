// Behind a TLS-terminating proxy (TRUST_PROXY), the request's protocol and client address are the
// ones the proxy reports: the session cookie is Secure, and per-address limits see each client.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sessionSetCookie } from '../auth/helpers';
import { forEachDatabase } from '../helpers/databases';
import { rawOperation } from '../helpers/raw-operation';
import { startGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';

const PASSWORD = 'correct-horse-battery-staple';

/** Signs a new user in with these extra headers; the login's session Set-Cookie attributes. */
async function sessionCookieAttributes(gp: GatepostUnderTest, headers: Record<string, string>): Promise<Map<string, string>> {
  const email = `proxy.${randomBytes(4).toString('hex')}@example.com`;
  await rawOperation(gp, 'trpc', 'auth.register', { email, password: PASSWORD, displayName: 'Proxied' }, headers);
  const login = await rawOperation(gp, 'trpc', 'auth.login', { email, password: PASSWORD }, headers);
  const cookie = sessionSetCookie(login.headers.getSetCookie());
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(login.body)}`);
  return cookie.attributes;
}

forEachDatabase((database) => {
  describe('with TRUST_PROXY set', () => {
    it('marks the session cookie Secure when the trusted proxy says the request came over https', async () => {
      await using gp = await startGatepost({ database: database.current, config: { trustProxy: ['127.0.0.1'] } });
      expect((await sessionCookieAttributes(gp, { 'x-forwarded-proto': 'https' })).has('secure')).toBe(true);
    });

    it('counts the per-address limit by the client the proxy names, not by the proxy', async () => {
      await using gp = await startGatepost({ database: database.current, config: { trustProxy: true, rateLimitPerMinute: 1 } });
      const statuses = [];
      for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.1']) {
        statuses.push((await gp.anonymousFetch('/api', { headers: { 'x-forwarded-for': client } })).status);
      }
      expect(statuses).toEqual([200, 200, 429]);
    });
  });

  describe('without TRUST_PROXY', () => {
    it('ignores X-Forwarded-Proto sent by anyone: the cookie over plain HTTP is not Secure', async () => {
      await using gp = await startGatepost({ database: database.current });
      expect((await sessionCookieAttributes(gp, { 'x-forwarded-proto': 'https' })).has('secure')).toBe(false);
    });
  });
});
