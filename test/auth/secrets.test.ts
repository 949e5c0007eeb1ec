// No secrets at rest or in logs, through the real server, over tRPC and GraphQL, on the embedded and the external
// PostgreSQL: after registering, signing in, making an API key and using them with known values,
// no table row and no log line holds the password, the session token or the API key.
import { randomBytes } from 'node:crypto';
import { tables } from '@gatepost/db';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { forEachProtocol } from '../helpers/protocols';
import { useGatepost, TEST_OPERATOR_KEY, type GatepostUnderTest } from '../helpers/start-gatepost';
import { bearer, cookie, dataOf, rawCall, uniqueEmail } from './helpers';

/** Every row of every table that could hold a secret, as JSON text. */
async function dumpTables(gp: GatepostUnderTest): Promise<string> {
  const { db } = gp.database.handle;
  const rows = {
    users: await db.select().from(tables.users),
    sessions: await db.select().from(tables.sessions),
    apiKeys: await db.select().from(tables.apiKeys),
    contacts: await db.select().from(tables.contacts),
  };
  return JSON.stringify(rows);
}

/** Fastify writes a request's log line once its response is sent; give the last one a moment. */
async function settleLogs(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 100));
}

forEachDatabase((database) => {
  const gp = useGatepost(database);

  forEachProtocol((protocol) => {
    describe('after register, login and createApiKey with known values', () => {
      // Secrets no test helper uses, so a match can only come from this flow.
      const password = `pw-${randomBytes(12).toString('hex')}`;
      const wrongPassword = `wrong-${randomBytes(12).toString('hex')}`;
      const email = uniqueEmail('secrets');
      let token: string;
      let apiKey: string;
      let userId: string;

      beforeAll(async () => {
        dataOf(await rawCall(gp, protocol, 'auth.register', { email, password, displayName: 'Secretive' }));
        await rawCall(gp, protocol, 'auth.login', { email, password: wrongPassword });
        const session = dataOf<{ token: string; user: { id: string } }>(await rawCall(gp, protocol, 'auth.login', { email, password }));
        token = session.token;
        userId = session.user.id;
        apiKey = dataOf<{ key: string }>(await rawCall(gp, protocol, 'auth.createApiKey', { name: 'secrets' }, bearer(token))).key;
        // Use every credential once more, as a client would.
        dataOf(await rawCall(gp, protocol, 'auth.me', {}, bearer(apiKey)));
        dataOf(await rawCall(gp, protocol, 'auth.me', {}, cookie(token)));
        dataOf(await rawCall(gp, protocol, 'contacts.submit', { name: 'Ada', email: uniqueEmail('secrets-contact') }, bearer(token)));
        await rawCall(gp, protocol, 'contacts.submit', { name: 'Ada', email: uniqueEmail('secrets-contact') }, bearer(TEST_OPERATOR_KEY));
        await settleLogs();
      });

      it('stores the password nowhere in users, sessions, api_keys or contacts', async () => {
        expect(await dumpTables(gp)).not.toContain(password);
      });

      it('stores the session token nowhere in any table', async () => {
        expect(await dumpTables(gp)).not.toContain(token);
      });

      it('stores the API key nowhere in any table', async () => {
        expect(await dumpTables(gp)).not.toContain(apiKey);
      });

      it('stores the password as an scrypt hash carrying its parameters and salt', async () => {
        const [row] = await database.current.handle.db.select().from(tables.users).where(eq(tables.users.id, userId));
        expect(row?.passwordHash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
      });

      it('salts each password: another user with the same password gets another hash', async () => {
        const otherEmail = uniqueEmail('samepassword');
        const other = dataOf<{ id: string }>(
          await rawCall(gp, protocol, 'auth.register', { email: otherEmail, password, displayName: 'Twin' }),
        );
        const { db } = database.current.handle;
        const [first] = await db.select().from(tables.users).where(eq(tables.users.id, userId));
        const [second] = await db.select().from(tables.users).where(eq(tables.users.id, other.id));
        expect(second?.passwordHash).toMatch(/^scrypt\$/);
        expect(second?.passwordHash).not.toBe(first?.passwordHash);
      });

      it('writes log lines for these requests (the control for the searches below)', () => {
        expect(gp.rawLogs.length).toBeGreaterThan(0);
        expect(gp.rawLogs.join('\n')).toContain('"msg":"request"');
      });

      it('never logs the password, nor the wrong one tried', () => {
        const logs = gp.rawLogs.join('\n');
        expect(logs).not.toContain(password);
        expect(logs).not.toContain(wrongPassword);
      });

      it('never logs the session token', () => {
        expect(gp.rawLogs.join('\n')).not.toContain(token);
      });

      it('never logs the API key', () => {
        expect(gp.rawLogs.join('\n')).not.toContain(apiKey);
      });

      it('never logs the operator key', () => {
        expect(gp.rawLogs.join('\n')).not.toContain(TEST_OPERATOR_KEY);
      });
    });
  });
});
