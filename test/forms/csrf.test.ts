// CSRF for the HTML forms: a post needs the token its form carried, matching this browser's signed
// cookie, and must not come from another site (Origin / Sec-Fetch-Site) even with one. Every
// refusal is a 403 page and writes nothing.
import { describe, expect, it } from 'vitest';
import { contactsWithEmail, uniqueEmail } from '../auth/helpers';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost } from '../helpers/start-gatepost';
import { csrfTokenOf, Visitor } from './visitor';

forEachDatabase((database) => {
  const gp = useGatepost(database);

  async function openContactForm(): Promise<{ visitor: Visitor; token: string }> {
    const visitor = new Visitor(gp);
    return { visitor, token: csrfTokenOf((await visitor.get('/forms/contact')).html) };
  }

  function expectRefusalPage(page: { status: number; headers: Headers; html: string }): void {
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.html).toContain('role="alert"');
    expect(page.html).toContain('FORBIDDEN');
  }

  describe('a contact form post', () => {
    it('without a token is refused with a 403 page, and writes nothing', async () => {
      const { visitor } = await openContactForm();
      const email = uniqueEmail('csrf-missing');
      const page = await visitor.post('/forms/contact', { name: 'Ada', email });
      expectRefusalPage(page);
      expect(page.html).toContain('open the form again');
      expect(await contactsWithEmail(database.current, email)).toEqual([]);
    });

    it('with a wrong token is refused 403, and writes nothing', async () => {
      const { visitor, token } = await openContactForm();
      const email = uniqueEmail('csrf-wrong');
      const page = await visitor.post('/forms/contact', { _csrf: `${token.slice(0, -2)}xx`, name: 'Ada', email });
      expectRefusalPage(page);
      expect(await contactsWithEmail(database.current, email)).toEqual([]);
    });

    it("with another browser's token is refused 403: the token must match this browser's cookie", async () => {
      const { token: theirs } = await openContactForm();
      const { visitor } = await openContactForm();
      const email = uniqueEmail('csrf-theirs');
      expectRefusalPage(await visitor.post('/forms/contact', { _csrf: theirs, name: 'Ada', email }));
      expect(await contactsWithEmail(database.current, email)).toEqual([]);
    });

    it('with a token but no cookie is refused 403', async () => {
      const { visitor, token } = await openContactForm();
      visitor.cookies.clear();
      const email = uniqueEmail('csrf-no-cookie');
      expectRefusalPage(await visitor.post('/forms/contact', { _csrf: token, name: 'Ada', email }));
      expect(await contactsWithEmail(database.current, email)).toEqual([]);
    });

    it('with a cookie whose signature was altered is refused 403', async () => {
      const { visitor, token } = await openContactForm();
      const [secret = ''] = (visitor.cookies.get('gatepost_csrf') ?? '').split('.');
      visitor.cookies.set('gatepost_csrf', `${secret}.forged`);
      const email = uniqueEmail('csrf-unsigned');
      expectRefusalPage(await visitor.post('/forms/contact', { _csrf: token, name: 'Ada', email }));
      expect(await contactsWithEmail(database.current, email)).toEqual([]);
    });

    it('from another Origin is refused 403 even with a valid token, and writes nothing', async () => {
      const { visitor, token } = await openContactForm();
      const email = uniqueEmail('csrf-origin');
      const page = await visitor.post('/forms/contact', { _csrf: token, name: 'Ada', email }, { origin: 'https://evil.example' });
      expectRefusalPage(page);
      expect(page.html).toContain('Cross-site form post refused');
      expect(await contactsWithEmail(database.current, email)).toEqual([]);
    });

    it('marked Sec-Fetch-Site: cross-site (no Origin) is refused 403 even with a valid token', async () => {
      const { visitor, token } = await openContactForm();
      const email = uniqueEmail('csrf-fetch-site');
      const page = await visitor.post(
        '/forms/contact',
        { _csrf: token, name: 'Ada', email },
        { origin: '', 'sec-fetch-site': 'cross-site' },
      );
      expectRefusalPage(page);
      expect(await contactsWithEmail(database.current, email)).toEqual([]);
    });

    it('from this origin with Sec-Fetch-Site: same-origin and a valid token is served', async () => {
      const { visitor, token } = await openContactForm();
      const email = uniqueEmail('csrf-same-origin');
      const page = await visitor.post('/forms/contact', { _csrf: token, name: 'Ada', email }, { 'sec-fetch-site': 'same-origin' });
      expect(page.status).toBe(303);
      expect(await contactsWithEmail(database.current, email)).toHaveLength(1);
    });
  });

  describe('the CSRF cookie', () => {
    it('is HttpOnly, SameSite=Strict and scoped to /forms', async () => {
      const response = await gp.anonymousFetch('/forms/contact');
      const line = response.headers.getSetCookie().find((candidate) => candidate.startsWith('gatepost_csrf='));
      expect(line).toMatch(/; Path=\/forms/);
      expect(line).toMatch(/; HttpOnly/);
      expect(line).toMatch(/; SameSite=Strict/);
    });

    it('is set once: a second visit keeps the same secret', async () => {
      const { visitor } = await openContactForm();
      const first = visitor.cookies.get('gatepost_csrf');
      await visitor.get('/forms/contact');
      expect(visitor.cookies.get('gatepost_csrf')).toBe(first);
    });
  });
});
