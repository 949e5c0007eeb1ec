// auth.register and auth.login through the real server and client, over tRPC and GraphQL, on
// the embedded and the external PostgreSQL: accounts are created with a password, a taken email conflicts in any
// letter case, and a failed login says the same thing, at the same cost, whichever part was wrong.
import { tables } from '@gatepost/db';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { callOperation, forEachProtocol } from '../helpers/protocols';
import { useGatepost } from '../helpers/start-gatepost';
import {
  dataOf,
  expectCode,
  expectRefused,
  median,
  PASSWORD,
  rawCall,
  sha256Hex,
  signUp,
  uniqueEmail,
  usersWithEmail,
  WRONG_CREDENTIALS_MESSAGE,
  type RawAnswer,
} from './helpers';

const SESSION_TTL_SECONDS = 3600;

forEachDatabase((database) => {
  // The production scrypt cost: the timing test below must compare real hashing work, which the
  // test servers' lower default would shrink below the noise.
  const gp = useGatepost(database, { config: { sessionTtlSeconds: SESSION_TTL_SECONDS, passwordHashCost: 15 } });

  forEachProtocol((protocol) => {
    describe('auth.register', () => {
      it('creates a user and answers with it, without any credentials', async () => {
        const email = uniqueEmail('register');
        const result = await callOperation(gp.anonymousClient(), protocol, 'mutation', 'auth.register', {
          email,
          password: PASSWORD,
          displayName: 'Ada',
        });
        expect(result).toEqual({ ok: true, data: expect.objectContaining({ id: expect.any(String), email, displayName: 'Ada' }) });
        const [row] = await usersWithEmail(database.current, email);
        expect(row).toMatchObject({ id: (result as { data: { id: string } }).data.id, role: 'user' });
      });

      it('refuses an email already taken in another letter case with CONFLICT and keeps one user', async () => {
        const email = uniqueEmail('taken');
        const client = gp.anonymousClient();
        const first = await callOperation(client, protocol, 'mutation', 'auth.register', { email, password: PASSWORD, displayName: 'A' });
        expect(first.ok).toBe(true);
        const again = await callOperation(client, protocol, 'mutation', 'auth.register', {
          email: email.toUpperCase(),
          password: PASSWORD,
          displayName: 'B',
        });
        expect(again).toMatchObject({ ok: false, code: 'CONFLICT' });
        const { db } = database.current.handle;
        const rows = await db
          .select()
          .from(tables.users)
          .where(sql`lower(${tables.users.email}) = ${email}`);
        expect(rows.map((row) => row.displayName)).toEqual(['A']);
      });

      it('refuses a password shorter than 12 characters and writes no user', async () => {
        const email = uniqueEmail('short');
        const result = await callOperation(gp.anonymousClient(), protocol, 'mutation', 'auth.register', {
          email,
          password: 'elevenchars',
          displayName: 'Ada',
        });
        expect(result).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
        expect(result.ok ? [] : result.issues.map((issue) => issue.path.join('.'))).toContain('password');
        expect(await usersWithEmail(database.current, email)).toEqual([]);
      });
    });

    describe('auth.login', () => {
      it('answers with a token, its expiry and the user', async () => {
        const email = uniqueEmail('login');
        await rawCall(gp, protocol, 'auth.register', { email, password: PASSWORD, displayName: 'Ada' });
        const before = Date.now();
        const session = dataOf<{ token: string; expiresAt: string; user: { id: string; email: string } }>(
          await rawCall(gp, protocol, 'auth.login', { email: email.toUpperCase(), password: PASSWORD }),
        );
        expect(session.user.email).toBe(email);
        const expiresAt = Date.parse(session.expiresAt);
        expect(expiresAt).toBeGreaterThanOrEqual(before + SESSION_TTL_SECONDS * 1000 - 1000);
        expect(expiresAt).toBeLessThanOrEqual(Date.now() + SESSION_TTL_SECONDS * 1000 + 1000);
      });

      it('gives an opaque base64url token of at least 32 random bytes, new at every login', async () => {
        const first = await signUp(gp, 'opaque', protocol);
        const second = dataOf<{ token: string }>(await rawCall(gp, protocol, 'auth.login', { email: first.email, password: PASSWORD }));
        for (const token of [first.token, second.token]) {
          expect(token).toMatch(/^[A-Za-z0-9_-]{43,}$/);
          expect(token).not.toContain(first.userId);
          expect(token.toLowerCase()).not.toContain(first.email.split('@')[0]);
        }
        expect(second.token).not.toBe(first.token);
      });

      it('stores only the SHA-256 of the token in sessions.token_hash', async () => {
        const signed = await signUp(gp, 'digest', protocol);
        const rows = await database.current.handle.db.select().from(tables.sessions).where(eq(tables.sessions.userId, signed.userId));
        expect(rows.map((row) => row.tokenHash)).toEqual([sha256Hex(signed.token)]);
        expect(rows[0]?.expiresAt.toISOString()).toBe(new Date(signed.expiresAt).toISOString());
      });

      it('refuses a wrong password with 401 UNAUTHENTICATED and the generic message', async () => {
        const signed = await signUp(gp, 'wrongpw', protocol);
        const answer = await rawCall(gp, protocol, 'auth.login', { email: signed.email, password: `${PASSWORD}!` });
        expectRefused(answer, protocol, 'UNAUTHENTICATED');
        expect(answer.outcome).toMatchObject({ message: WRONG_CREDENTIALS_MESSAGE });
      });

      it('refuses an unknown email with 401 UNAUTHENTICATED and the generic message', async () => {
        const answer = await rawCall(gp, protocol, 'auth.login', { email: uniqueEmail('nobody'), password: PASSWORD });
        expectRefused(answer, protocol, 'UNAUTHENTICATED');
        expect(answer.outcome).toMatchObject({ message: WRONG_CREDENTIALS_MESSAGE });
      });

      it('refuses a user made by users.create, which has no password, like an unknown email', async () => {
        const email = uniqueEmail('nopassword');
        expect((await callOperation(gp.client, protocol, 'mutation', 'users.create', { email, displayName: 'Nopw' })).ok).toBe(true);
        const answer = await rawCall(gp, protocol, 'auth.login', { email, password: PASSWORD });
        expectRefused(answer, protocol, 'UNAUTHENTICATED');
        expect(answer.outcome).toMatchObject({ message: WRONG_CREDENTIALS_MESSAGE });
      });

      it('answers an unknown email and a wrong password alike: same status, code and message', async () => {
        const signed = await signUp(gp, 'alike', protocol);
        const wrongPassword = await rawCall(gp, protocol, 'auth.login', { email: signed.email, password: `${PASSWORD}?` });
        const unknownEmail = await rawCall(gp, protocol, 'auth.login', { email: uniqueEmail('ghost'), password: PASSWORD });
        const shape = (answer: RawAnswer) => ({ status: answer.status, outcome: answer.outcome });
        expect(shape(unknownEmail)).toEqual(shape(wrongPassword));
        expectRefused(unknownEmail, protocol, 'UNAUTHENTICATED');
      });

      it('writes no session for a failed login', async () => {
        const signed = await signUp(gp, 'nosession', protocol);
        await rawCall(gp, protocol, 'auth.login', { email: signed.email, password: 'not-the-password' });
        const rows = await database.current.handle.db.select().from(tables.sessions).where(eq(tables.sessions.userId, signed.userId));
        expect(rows).toHaveLength(1);
      });

      it('sets no session cookie on a failed login', async () => {
        const answer = await rawCall(gp, protocol, 'auth.login', { email: uniqueEmail('nocookie'), password: PASSWORD });
        expectCode(answer, 'UNAUTHENTICATED');
        expect(answer.headers.getSetCookie()).toEqual([]);
      });

      it('takes about as long for an unknown email as for a wrong password (no enumeration by timing)', async () => {
        const signed = await signUp(gp, 'timing', protocol);
        const time = async (email: string) => {
          const started = performance.now();
          const answer = await rawCall(gp, protocol, 'auth.login', { email, password: 'a-wrong-password' });
          expectCode(answer, 'UNAUTHENTICATED');
          return performance.now() - started;
        };
        await time(signed.email); // warm-up: prepared statements, scrypt's first allocation
        const unknown: number[] = [];
        const wrong: number[] = [];
        // Interleaved, so a burst of load elsewhere on the machine hits both series alike.
        for (let round = 0; round < 5; round++) {
          unknown.push(await time(uniqueEmail('timing-ghost')));
          wrong.push(await time(signed.email));
        }
        const ratio = median(unknown) / median(wrong);
        expect(ratio, `unknown ${unknown.map(Math.round)} ms, wrong ${wrong.map(Math.round)} ms`).toBeGreaterThan(1 / 3);
        expect(ratio, `unknown ${unknown.map(Math.round)} ms, wrong ${wrong.map(Math.round)} ms`).toBeLessThan(3);
      });
    });
  });
});
