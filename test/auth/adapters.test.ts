// The session cookie and the CSRF check through tRPC's and yoga's own adapters (FAST_PATHS=false),
// which set cookies and read credentials on their own code path: they must behave as the fast paths do.
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { forEachProtocol } from '../helpers/protocols';
import { useGatepost } from '../helpers/start-gatepost';
import { contactsWithEmail, cookie, dataOf, expectRefused, rawCall, sessionSetCookie, signUp, uniqueEmail } from './helpers';

forEachDatabase((database) => {
  describe('through the official adapters (FAST_PATHS=false)', () => {
    const gp = useGatepost(database, { config: { fastPaths: false } });

    forEachProtocol((protocol) => {
      it('sets the HttpOnly SameSite=Lax session cookie on login', async () => {
        const signed = await signUp(gp, 'adaptercookie', protocol);
        const set = sessionSetCookie(signed.setCookie);
        expect(set?.value).toBe(signed.token);
        expect(set?.attributes.has('httponly')).toBe(true);
        expect(set?.attributes.get('samesite')?.toLowerCase()).toBe('lax');
      });

      it('accepts the cookie from the same origin', async () => {
        const signed = await signUp(gp, 'adaptersame', protocol);
        const email = uniqueEmail('adapter-same');
        dataOf(await rawCall(gp, protocol, 'contacts.submit', { name: 'Ada', email }, { ...cookie(signed.token), origin: gp.url }));
        expect(await contactsWithEmail(database.current, email)).toHaveLength(1);
      });

      it('refuses the cookie from a foreign Origin with FORBIDDEN and writes nothing', async () => {
        const signed = await signUp(gp, 'adapterevil', protocol);
        const email = uniqueEmail('adapter-evil');
        const answer = await rawCall(
          gp,
          protocol,
          'contacts.submit',
          { name: 'Eve', email },
          { ...cookie(signed.token), origin: 'https://evil.example' },
        );
        expectRefused(answer, protocol, 'FORBIDDEN');
        expect(await contactsWithEmail(database.current, email)).toEqual([]);
      });

      it('clears the session cookie on logout and ends the session', async () => {
        const signed = await signUp(gp, 'adapterlogout', protocol);
        const answer = await rawCall(gp, protocol, 'auth.logout', {}, cookie(signed.token));
        expect(sessionSetCookie(answer.headers.getSetCookie())?.value).toBe('');
        expectRefused(await rawCall(gp, protocol, 'auth.me', {}, cookie(signed.token)), protocol, 'UNAUTHENTICATED');
      });
    });
  });
});
