// Sign-in without JavaScript, through auth.login: a success sets the session cookie as the API's
// sign-in does and sends the browser to a page that says who it is now; a wrong password draws
// the form again with the message, the email kept and the password not.
import { describe, expect, it } from 'vitest';
import { PASSWORD, SESSION_COOKIE, sessionSetCookie, signUp, WRONG_CREDENTIALS_MESSAGE } from '../auth/helpers';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost } from '../helpers/start-gatepost';
import { attributeOf, tagWithId, textOfId, Visitor } from './visitor';

forEachDatabase((database) => {
  const gp = useGatepost(database);

  describe('POST /forms/sign-in', () => {
    it('sets the HttpOnly session cookie and answers 303 to the signed-in page', async () => {
      const user = await signUp(gp, 'form-sign-in');
      const visitor = new Visitor(gp);
      const response = await visitor.submit('/forms/sign-in', { email: user.email, password: PASSWORD });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/forms/signed-in');
      const cookie = sessionSetCookie(response.headers.getSetCookie());
      expect(cookie?.value).toMatch(/\S{20,}/);
      expect(cookie?.attributes.has('httponly')).toBe(true);
      expect(cookie?.attributes.get('samesite')?.toLowerCase()).toBe('lax');
    });

    it('shows on the result page who is signed in, read with the new session cookie', async () => {
      const user = await signUp(gp, 'form-signed-in');
      const visitor = new Visitor(gp);
      const response = await visitor.submit('/forms/sign-in', { email: user.email, password: PASSWORD });
      const page = await visitor.get(response.headers.get('location') ?? '');
      expect(page.status).toBe(200);
      expect(textOfId(page.html, 'signed-in-email')).toBe(user.email);
    });

    it('draws the form again for a wrong password with the catalog status 401, the message, the email kept and no password', async () => {
      const user = await signUp(gp, 'form-wrong-password');
      const visitor = new Visitor(gp);
      const page = await visitor.submit('/forms/sign-in', { email: user.email, password: 'not-the-password' });
      expect(page.status).toBe(401);
      expect(textOfId(page.html, 'sign-in-problems')).toContain(WRONG_CREDENTIALS_MESSAGE);
      expect(attributeOf(tagWithId(page.html, 'sign-in-email'), 'value')).toBe(user.email);
      expect(attributeOf(tagWithId(page.html, 'sign-in-password'), 'value')).toBeUndefined();
      expect(page.html).not.toContain('not-the-password');
      expect(visitor.cookies.has(SESSION_COOKIE)).toBe(false);
    });

    it('draws the form again 422 for an email that is not one, the message at the field', async () => {
      const page = await new Visitor(gp).submit('/forms/sign-in', { email: 'nobody', password: 'whatever' });
      expect(page.status).toBe(422);
      expect(attributeOf(tagWithId(page.html, 'sign-in-email'), 'aria-invalid')).toBe('true');
      expect(textOfId(page.html, 'sign-in-email-error')).toBe('must be an email address');
    });

    it('is refused 403 without a token, and signs nobody in', async () => {
      const user = await signUp(gp, 'form-sign-in-csrf');
      const visitor = new Visitor(gp);
      await visitor.get('/forms/sign-in');
      const page = await visitor.post('/forms/sign-in', { email: user.email, password: PASSWORD });
      expect(page.status).toBe(403);
      expect(visitor.cookies.has(SESSION_COOKIE)).toBe(false);
    });
  });

  describe('with sign-in attempts spent', () => {
    const limited = useGatepost(database, { config: { loginAttemptsPerMinute: 1 } });

    it('draws the form again with 429, Retry-After and the message', async () => {
      const visitor = new Visitor(limited);
      const email = 'spent-attempts@example.com';
      await visitor.submit('/forms/sign-in', { email, password: 'wrong-password-1' });
      const page = await visitor.submit('/forms/sign-in', { email, password: 'wrong-password-2' });
      expect(page.status).toBe(429);
      expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(textOfId(page.html, 'sign-in-problems')).toMatch(/Too many attempts/);
      expect(attributeOf(tagWithId(page.html, 'sign-in-email'), 'value')).toBe(email);
    });
  });

  describe('GET /forms/signed-in', () => {
    it('without a session is the 401 page', async () => {
      const page = await new Visitor(gp).get('/forms/signed-in');
      expect(page.status).toBe(401);
      expect(page.html).toContain('You need to sign in');
    });
  });

  describe('POST /forms/sign-out', () => {
    it('ends the session, clears the cookie and answers 303 to the sign-in form', async () => {
      const user = await signUp(gp, 'form-sign-out');
      const visitor = new Visitor(gp);
      await visitor.submit('/forms/sign-in', { email: user.email, password: PASSWORD });
      const signedIn = await visitor.get('/forms/signed-in');
      const token = /name="_csrf" value="([^"]+)"/.exec(signedIn.html)?.[1] ?? '';
      const response = await visitor.post('/forms/sign-out', { _csrf: token });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/forms/sign-in');
      expect(visitor.cookies.has(SESSION_COOKIE)).toBe(false);
      expect((await visitor.get('/forms/signed-in')).status).toBe(401);
    });
  });
});
