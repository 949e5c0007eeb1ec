// Credentials that match nothing valid are refused with 401 UNAUTHENTICATED — forged, expired or
// revoked session tokens, and a malformed Authorization header — even on a public operation
// (contacts.submit), where they must not fall back to acting anonymously, and nothing is written.
import { randomBytes } from 'node:crypto';
import { tables } from '@gatepost/db';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { forEachProtocol } from '../helpers/protocols';
import { useGatepost, TEST_OPERATOR_KEY } from '../helpers/start-gatepost';
import {
  bearer,
  contactsWithEmail,
  cookie,
  dataOf,
  expectRefused,
  rawCall,
  sha256Hex,
  signUp,
  uniqueEmail,
  type SignedIn,
} from './helpers';

forEachDatabase((database) => {
  const gp = useGatepost(database);

  async function expire(signed: SignedIn): Promise<void> {
    await database.current.handle.db
      .update(tables.sessions)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(tables.sessions.tokenHash, sha256Hex(signed.token)));
  }

  forEachProtocol((protocol) => {
    /** contacts.submit (public) with these headers: refused 401, and no contact row written. */
    async function expectSubmitRefused(headers: Record<string, string>): Promise<void> {
      const email = uniqueEmail('refused-contact');
      const answer = await rawCall(gp, protocol, 'contacts.submit', { name: 'Mallory', email }, headers);
      expectRefused(answer, protocol, 'UNAUTHENTICATED');
      expect(await contactsWithEmail(database.current, email)).toEqual([]);
    }

    it('accepts contacts.submit from an anonymous caller (the control for the refusals below)', async () => {
      const email = uniqueEmail('anonymous-contact');
      dataOf(await rawCall(gp, protocol, 'contacts.submit', { name: 'Ada', email }));
      expect(await contactsWithEmail(database.current, email)).toHaveLength(1);
    });

    describe('a forged session token', () => {
      const forged = randomBytes(32).toString('base64url');

      it('gets 401 UNAUTHENTICATED as a Bearer token on auth.me', async () => {
        expectRefused(await rawCall(gp, protocol, 'auth.me', {}, bearer(forged)), protocol, 'UNAUTHENTICATED');
      });

      it('gets 401 UNAUTHENTICATED as a Bearer token on a public operation, which writes nothing', async () => {
        await expectSubmitRefused(bearer(forged));
      });

      it('gets 401 UNAUTHENTICATED as the cookie on a public operation, which writes nothing', async () => {
        await expectSubmitRefused(cookie(forged));
      });

      it('gets 401 UNAUTHENTICATED when it looks like an API key', async () => {
        await expectSubmitRefused(bearer(`gp_${forged}`));
      });
    });

    describe('an expired session token', () => {
      it('gets 401 UNAUTHENTICATED on auth.me', async () => {
        const signed = await signUp(gp, 'expired', protocol);
        dataOf(await rawCall(gp, protocol, 'auth.me', {}, bearer(signed.token)));
        await expire(signed);
        expectRefused(await rawCall(gp, protocol, 'auth.me', {}, bearer(signed.token)), protocol, 'UNAUTHENTICATED');
      });

      it('gets 401 UNAUTHENTICATED on a public operation, which writes nothing', async () => {
        const signed = await signUp(gp, 'expiredpublic', protocol);
        await expire(signed);
        await expectSubmitRefused(bearer(signed.token));
      });

      it('gets 401 UNAUTHENTICATED as the cookie', async () => {
        const signed = await signUp(gp, 'expiredcookie', protocol);
        await expire(signed);
        await expectSubmitRefused(cookie(signed.token));
      });
    });

    describe('a session token revoked by auth.logout', () => {
      it('gets 401 UNAUTHENTICATED on a public operation, which writes nothing', async () => {
        const signed = await signUp(gp, 'revoked', protocol);
        dataOf(await rawCall(gp, protocol, 'auth.logout', {}, bearer(signed.token)));
        await expectSubmitRefused(bearer(signed.token));
      });

      it('gets 401 UNAUTHENTICATED as the cookie on a public operation', async () => {
        const signed = await signUp(gp, 'revokedcookie', protocol);
        dataOf(await rawCall(gp, protocol, 'auth.logout', {}, cookie(signed.token)));
        await expectSubmitRefused(cookie(signed.token));
      });

      it('cannot log out again', async () => {
        const signed = await signUp(gp, 'twice', protocol);
        dataOf(await rawCall(gp, protocol, 'auth.logout', {}, bearer(signed.token)));
        expectRefused(await rawCall(gp, protocol, 'auth.logout', {}, bearer(signed.token)), protocol, 'UNAUTHENTICATED');
      });
    });

    describe('a malformed Authorization header', () => {
      it.each([
        ['another scheme', 'Basic dXNlcjpwYXNzd29yZA=='],
        ['Bearer with no token', 'Bearer'],
        ['Bearer with two tokens', 'Bearer one two'],
        ['a bare token with no scheme', randomBytes(32).toString('base64url')],
      ])('gets 401 UNAUTHENTICATED on a public operation, which writes nothing: %s', async (_label, authorization) => {
        await expectSubmitRefused({ authorization });
      });

      it('is not passed over for a valid session cookie', async () => {
        const signed = await signUp(gp, 'malformedwithcookie', protocol);
        await expectSubmitRefused({ authorization: 'Basic Zm9vOmJhcg==', ...cookie(signed.token) });
      });
    });

    it('refuses a Bearer token that is the operator key with one character changed', async () => {
      const altered = `${TEST_OPERATOR_KEY.slice(0, -1)}${TEST_OPERATOR_KEY.endsWith('x') ? 'y' : 'x'}`;
      await expectSubmitRefused(bearer(altered));
    });
  });
});
