// Sessions through the real server, over tRPC and GraphQL, on the embedded and the external PostgreSQL: auth.login
// sets an HttpOnly SameSite=Lax cookie, its token works as a Bearer token and as the cookie,
// auth.me names the caller, and auth.logout ends the session and clears the cookie.
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { callOperation, forEachProtocol } from '../helpers/protocols';
import { useGatepost } from '../helpers/start-gatepost';
import { bearer, clientWith, cookie, dataOf, expectRefused, rawCall, SESSION_COOKIE, sessionSetCookie, signIn, signUp } from './helpers';

forEachDatabase((database) => {
  const gp = useGatepost(database);

  forEachProtocol((protocol) => {
    describe('the session cookie set by auth.login', () => {
      it('is named gatepost_session and carries the session token', async () => {
        const signed = await signUp(gp, 'cookie', protocol);
        expect(sessionSetCookie(signed.setCookie)?.value).toBe(signed.token);
      });

      it('is HttpOnly, SameSite=Lax and scoped to Path=/', async () => {
        const signed = await signUp(gp, 'cookieflags', protocol);
        const { attributes } = sessionSetCookie(signed.setCookie) ?? { attributes: new Map<string, string>() };
        expect(attributes.has('httponly')).toBe(true);
        expect(attributes.get('samesite')?.toLowerCase()).toBe('lax');
        expect(attributes.get('path')).toBe('/');
      });

      it('expires when the session does', async () => {
        const signed = await signUp(gp, 'cookieexpiry', protocol);
        const expires = sessionSetCookie(signed.setCookie)?.attributes.get('expires');
        expect(expires).toBeDefined();
        expect(Math.abs(Date.parse(expires ?? '') - Date.parse(signed.expiresAt))).toBeLessThan(1000);
      });

      it('signs the user in on its own, with no Authorization header', async () => {
        const signed = await signUp(gp, 'bycookie', protocol);
        const me = await rawCall(gp, protocol, 'auth.me', {}, cookie(signed.token));
        expect(dataOf(me)).toMatchObject({ id: signed.userId, email: signed.email });
      });
    });

    describe('auth.me', () => {
      it('answers with the user a Bearer session token belongs to', async () => {
        const signed = await signUp(gp, 'me', protocol);
        const result = await callOperation(clientWith(gp, signed.token), protocol, 'query', 'auth.me', {});
        expect(result).toEqual({ ok: true, data: expect.objectContaining({ id: signed.userId, email: signed.email, displayName: 'me' }) });
      });

      it('answers null for the operator key, which is no user', async () => {
        expect(await callOperation(gp.client, protocol, 'query', 'auth.me', {})).toEqual({ ok: true, data: null });
      });

      it('refuses an anonymous caller with 401 UNAUTHENTICATED', async () => {
        expect(await callOperation(gp.anonymousClient(), protocol, 'query', 'auth.me', {})).toMatchObject({
          ok: false,
          code: 'UNAUTHENTICATED',
        });
        expectRefused(await rawCall(gp, protocol, 'auth.me', {}), protocol, 'UNAUTHENTICATED');
      });

      it('prefers the Authorization header to the cookie', async () => {
        const viaHeader = await signUp(gp, 'header', protocol);
        const viaCookie = await signUp(gp, 'cookieonly', protocol);
        const me = await rawCall(gp, protocol, 'auth.me', {}, { ...bearer(viaHeader.token), ...cookie(viaCookie.token) });
        expect(dataOf(me)).toMatchObject({ id: viaHeader.userId });
      });
    });

    describe('auth.logout', () => {
      it('answers loggedOut: true for a session', async () => {
        const signed = await signUp(gp, 'logout', protocol);
        expect(dataOf(await rawCall(gp, protocol, 'auth.logout', {}, bearer(signed.token)))).toEqual({ loggedOut: true });
      });

      it('ends the session: its token then gets 401 UNAUTHENTICATED as a Bearer token', async () => {
        const signed = await signUp(gp, 'ended', protocol);
        dataOf(await rawCall(gp, protocol, 'auth.logout', {}, bearer(signed.token)));
        expectRefused(await rawCall(gp, protocol, 'auth.me', {}, bearer(signed.token)), protocol, 'UNAUTHENTICATED');
      });

      it('ends a cookie session: the cookie then gets 401 UNAUTHENTICATED', async () => {
        const signed = await signUp(gp, 'endedcookie', protocol);
        dataOf(await rawCall(gp, protocol, 'auth.logout', {}, cookie(signed.token)));
        expectRefused(await rawCall(gp, protocol, 'auth.me', {}, cookie(signed.token)), protocol, 'UNAUTHENTICATED');
      });

      it('answers with a Set-Cookie that clears gatepost_session', async () => {
        const signed = await signUp(gp, 'clear', protocol);
        const answer = await rawCall(gp, protocol, 'auth.logout', {}, cookie(signed.token));
        const cleared = sessionSetCookie(answer.headers.getSetCookie());
        expect(cleared, `no ${SESSION_COOKIE} Set-Cookie in the logout answer`).toBeDefined();
        expect(cleared?.value).toBe('');
        const maxAge = cleared?.attributes.get('max-age');
        const expires = cleared?.attributes.get('expires');
        expect(maxAge === '0' || (expires !== undefined && Date.parse(expires) <= Date.now())).toBe(true);
        expect(cleared?.attributes.get('path')).toBe('/');
      });

      it('ends only that session: another session of the same user still works', async () => {
        const first = await signUp(gp, 'twosessions', protocol);
        const second = await signIn(gp, first.email, protocol);
        dataOf(await rawCall(gp, protocol, 'auth.logout', {}, bearer(first.token)));
        expect(dataOf(await rawCall(gp, protocol, 'auth.me', {}, bearer(second.token)))).toMatchObject({ id: first.userId });
      });

      it('refuses an anonymous caller with 401 UNAUTHENTICATED', async () => {
        expectRefused(await rawCall(gp, protocol, 'auth.logout', {}), protocol, 'UNAUTHENTICATED');
      });
    });
  });
});
