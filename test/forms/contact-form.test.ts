// The contact form without JavaScript: the form with a token, POST/Redirect/GET on success, the
// form drawn again with each field's message (422) on failure, and nothing written by a refusal.
import { describe, expect, it } from 'vitest';
import { contactsWithEmail, uniqueEmail } from '../auth/helpers';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost } from '../helpers/start-gatepost';
import { attributeOf, csrfTokenOf, hiddenFieldsOf, tagWithId, textOfId, Visitor } from './visitor';

forEachDatabase((database) => {
  const gp = useGatepost(database);

  describe('GET /forms/contact', () => {
    it('draws the form with a CSRF token in a hidden field and its signed secret in a cookie', async () => {
      const visitor = new Visitor(gp);
      const page = await visitor.get('/forms/contact');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(csrfTokenOf(page.html)).not.toBe('');
      expect(visitor.cookies.get('gatepost_csrf')).toMatch(/\./);
    });

    it('labels every field and names the page and its language', async () => {
      const page = await new Visitor(gp).get('/forms/contact');
      expect(page.html).toMatch(/<html lang="en">/);
      expect(page.html).toContain('<title>Contact us · gatepost</title>');
      for (const id of ['contact-name', 'contact-email', 'contact-message']) expect(page.html).toContain(`<label for="${id}">`);
      expect(attributeOf(tagWithId(page.html, 'contact-email'), 'aria-describedby')).toBe('contact-email-hint');
    });
  });

  describe('POST /forms/contact', () => {
    it('answers 303 See Other to a result page, and the contact is written', async () => {
      const visitor = new Visitor(gp);
      const email = uniqueEmail('form-contact');
      const sent = await visitor.submit('/forms/contact', { name: 'Ada Lovelace', email, message: 'Hello <b>there</b>' });
      expect(sent.status).toBe(303);
      const rows = await contactsWithEmail(database.current, email);
      expect(rows).toHaveLength(1);
      expect(sent.headers.get('location')).toBe(`/forms/contact/sent/${rows[0]?.id}`);
      expect(rows[0]?.message).toBe('Hello <b>there</b>');
    });

    it("shows on the result page what was done, with the contact's reference, escaped", async () => {
      const visitor = new Visitor(gp);
      const email = uniqueEmail('form-result');
      const sent = await visitor.submit('/forms/contact', { name: '<script>alert(1)</script>', email, message: '' });
      const result = await visitor.get(sent.headers.get('location') ?? '');
      expect(result.status).toBe(200);
      const [row] = await contactsWithEmail(database.current, email);
      expect(textOfId(result.html, 'contact-reference')).toBe(row?.id);
      expect(result.html).toContain('we received your message');
      expect(result.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(result.html).not.toContain('<script>');
    });

    it('leaves an empty message out, as the API does for an absent one', async () => {
      const email = uniqueEmail('form-empty-message');
      await new Visitor(gp).submit('/forms/contact', { name: 'Ada', email, message: '' });
      expect((await contactsWithEmail(database.current, email)).map((row) => row.message)).toEqual([null]);
    });

    it('draws the form again with 422, the message under the email field, and writes nothing', async () => {
      const visitor = new Visitor(gp);
      const page = await visitor.submit('/forms/contact', { name: 'Kept Name', email: 'not-an-email', message: 'Kept "message" & more' });
      expect(page.status).toBe(422);
      const input = tagWithId(page.html, 'contact-email');
      expect(attributeOf(input, 'aria-invalid')).toBe('true');
      expect(attributeOf(input, 'aria-describedby')).toBe('contact-email-hint contact-email-error');
      expect(textOfId(page.html, 'contact-email-error')).toBe('must be an email address');
      expect(await contactsWithEmail(database.current, 'not-an-email')).toEqual([]);
    });

    it('keeps the values sent, escaped, in the form drawn again', async () => {
      const page = await new Visitor(gp).submit('/forms/contact', { name: 'Kept "Name"', email: 'not-an-email', message: 'a <b> & c' });
      expect(attributeOf(tagWithId(page.html, 'contact-name'), 'value')).toBe('Kept &quot;Name&quot;');
      expect(attributeOf(tagWithId(page.html, 'contact-email'), 'value')).toBe('not-an-email');
      expect(page.html).toContain('>a &lt;b&gt; &amp; c</textarea>');
    });

    it('marks only the fields that are wrong', async () => {
      const page = await new Visitor(gp).submit('/forms/contact', { name: 'Ada', email: 'not-an-email' });
      expect(attributeOf(tagWithId(page.html, 'contact-name'), 'aria-invalid')).toBeUndefined();
      expect(page.html).not.toContain('id="contact-name-error"');
    });

    it('lists every problem in a summary at the top, role="alert", each linking to its field', async () => {
      const page = await new Visitor(gp).submit('/forms/contact', { name: '', email: 'not-an-email' });
      const summary = tagWithId(page.html, 'contact-problems');
      expect(attributeOf(summary, 'role')).toBe('alert');
      expect(page.html.indexOf('id="contact-problems"')).toBeLessThan(page.html.indexOf('<form'));
      expect(page.html).toContain('<a href="#contact-name">Name: must not be empty</a>');
      expect(page.html).toContain('<a href="#contact-email">Email: must be an email address</a>');
    });

    it('carries a fresh token in the form drawn again, so the corrected form can be sent', async () => {
      const visitor = new Visitor(gp);
      const email = uniqueEmail('form-corrected');
      const refused = await visitor.submit('/forms/contact', { name: 'Ada', email: 'nope' });
      const sent = await visitor.post('/forms/contact', { _csrf: csrfTokenOf(refused.html), name: 'Ada', email });
      expect(sent.status).toBe(303);
      expect(await contactsWithEmail(database.current, email)).toHaveLength(1);
    });

    it('records one contact when the same form is sent twice (a double click, or again from the history), answering both 303 to its page', async () => {
      const visitor = new Visitor(gp);
      const email = uniqueEmail('form-sent-twice');
      const form = await visitor.get('/forms/contact');
      const fields: [string, string][] = [...hiddenFieldsOf(form.html), ['name', 'Ada'], ['email', email]];
      const first = await visitor.post('/forms/contact', fields);
      const second = await visitor.post('/forms/contact', fields);
      expect([first.status, second.status]).toEqual([303, 303]);
      expect(second.headers.get('location')).toBe(first.headers.get('location'));
      expect(await contactsWithEmail(database.current, email)).toHaveLength(1);
    });

    it('draws each form with a new idempotency key, so the next message is a new one', async () => {
      const visitor = new Visitor(gp);
      const keyOf = (html: string) => new Map(hiddenFieldsOf(html)).get('_idempotency_key');
      const first = keyOf((await visitor.get('/forms/contact')).html);
      expect(first).toMatch(/^[0-9a-f-]{36}$/);
      expect(keyOf((await visitor.get('/forms/contact')).html)).not.toBe(first);
    });

    it('refuses a field sent twice 422 with the message at that field, and writes nothing', async () => {
      const visitor = new Visitor(gp);
      const email = uniqueEmail('form-twice');
      const page = await visitor.submit('/forms/contact', [
        ['name', 'Ada'],
        ['name', 'Bob'],
        ['email', email],
      ]);
      expect(page.status).toBe(422);
      expect(textOfId(page.html, 'contact-name-error')).toBe('was sent 2 times; send one value');
      expect(await contactsWithEmail(database.current, email)).toEqual([]);
    });
  });
});
