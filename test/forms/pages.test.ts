// What every page under /forms is: HTML under a CSP that allows no script and only its own
// stylesheet, never cached, with a 404 page of its own; and the stylesheet the pages link.
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost } from '../helpers/start-gatepost';
import { contactsWithEmail, uniqueEmail } from '../auth/helpers';
import { Visitor } from './visitor';

forEachDatabase((database) => {
  const gp = useGatepost(database);

  describe('a form page', () => {
    it('runs under a CSP with no script source, styles from this origin only, and posts to this origin only', async () => {
      const page = await new Visitor(gp).get('/forms/sign-in');
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("form-action 'self'");
      expect(csp).not.toContain('script-src');
      expect(csp).not.toContain('unsafe-inline');
      expect(page.html).not.toMatch(/<script|<style|\sstyle=/);
    });

    it('sends its own origin with its posts (Referrer-Policy same-origin; under no-referrer a browser sends Origin: null)', async () => {
      expect((await new Visitor(gp).get('/forms/contact')).headers.get('referrer-policy')).toBe('same-origin');
    });

    it('is never stored by a cache: it carries a token', async () => {
      expect((await new Visitor(gp).get('/forms/contact')).headers.get('cache-control')).toBe('no-store');
    });

    it('links a stylesheet that is served as CSS and cached for good under its hashed name', async () => {
      const page = await new Visitor(gp).get('/forms/contact');
      const href = /<link rel="stylesheet" href="([^"]+)"/.exec(page.html)?.[1] ?? '';
      expect(href).toMatch(/^\/forms\/styles-[0-9a-f]{10}\.css$/);
      const stylesheet = await gp.anonymousFetch(href);
      expect(stylesheet.status).toBe(200);
      expect(stylesheet.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(stylesheet.headers.get('cache-control')).toContain('immutable');
      expect(await stylesheet.text()).toContain('.field-error');
    });
  });

  describe('a path under /forms that does not exist', () => {
    it('is a 404 HTML page under the forms CSP, for a browser too', async () => {
      const response = await gp.anonymousFetch('/forms/nothing-here', { headers: { accept: 'text/html' } });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toContain("style-src 'self'");
      expect(await response.text()).toContain('There is nothing here');
    });
  });

  describe('a form post in another content type', () => {
    it('is refused with a 415 page', async () => {
      const response = await gp.anonymousFetch('/forms/contact', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: gp.url },
        body: '{}',
      });
      expect(response.status).toBe(415);
      expect(await response.text()).toContain('send application/x-www-form-urlencoded');
    });
  });

  describe('a form post over the body limit', () => {
    const small = useGatepost(database, { config: { bodyLimitBytes: 2048 } });

    it('is refused with a 413 page, and writes nothing', async () => {
      const visitor = new Visitor(small);
      const email = uniqueEmail('form-too-large');
      const page = await visitor.submit('/forms/contact', { name: 'Ada', email, message: 'x'.repeat(4096) });
      expect(page.status).toBe(413);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.html).toContain('larger than the limit of 2048 bytes');
      expect(await contactsWithEmail(database.current, email)).toEqual([]);
    });
  });
});
