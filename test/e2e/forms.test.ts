// The HTML forms in Chromium with JavaScript turned off: the contact form and sign-in work by
// plain form posts and redirects alone, show the server's messages next to their fields, and
// break no rule of their CSP (describeInBrowser fails a test whose page met a CSP refusal).
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { contactsWithEmail, PASSWORD, signUp } from '../auth/helpers';
import { describeInBrowser } from './use-browser-app';

function uniqueEmail(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.com`;
}

describeInBrowser(
  'the HTML forms with JavaScript off',
  (app) => {
    it('runs in a browser whose JavaScript is off', async () => {
      await app.page.setContent('<title>before</title><script>document.title = "ran"</script>');
      expect(await app.page.title()).toBe('before');
    });

    it('sends the contact form and lands on the result page, which names the new contact', async () => {
      const email = uniqueEmail('e2e-form-contact');
      await app.page.goto(`${app.gp.url}/forms/contact`);
      await app.page.getByLabel('Name').fill('Ada Lovelace');
      await app.page.getByLabel('Email').fill(email);
      await app.page.getByLabel('Message').fill('Hello without JavaScript');
      await app.page.getByRole('button', { name: 'Send' }).click();

      await app.page.waitForURL(/\/forms\/contact\/sent\//);
      const status = app.page.getByRole('status');
      expect(await status.textContent()).toContain('Thanks, Ada Lovelace, we received your message');
      const [row] = await contactsWithEmail(app.gp.database, email);
      expect(await app.page.locator('#contact-reference').textContent()).toBe(row?.id);
      expect(row?.message).toBe('Hello without JavaScript');
      await app.screenshot('forms-contact-sent');
    });

    it('records one contact when Send is double-clicked', async () => {
      const email = uniqueEmail('e2e-form-double');
      await app.page.goto(`${app.gp.url}/forms/contact`);
      await app.page.getByLabel('Name').fill('Double Click');
      await app.page.getByLabel('Email').fill(email);
      await app.page.getByRole('button', { name: 'Send' }).dblclick();

      await app.page.waitForURL(/\/forms\/contact\/sent\//);
      await app.page.getByRole('status').waitFor();
      expect(await contactsWithEmail(app.gp.database, email)).toHaveLength(1);
    });

    it('shows the message next to the email field for an invalid address, keeps what was typed, and records nothing', async () => {
      const name = `Invalid ${randomUUID().slice(0, 8)}`;
      await app.page.goto(`${app.gp.url}/forms/contact`);
      await app.page.getByLabel('Name').fill(name);
      await app.page.getByLabel('Email').fill('not-an-email');
      const [response] = await Promise.all([
        app.page.waitForResponse((candidate) => candidate.request().method() === 'POST'),
        app.page.getByRole('button', { name: 'Send' }).click(),
      ]);
      expect(response.status()).toBe(422);

      const email = app.page.getByLabel('Email');
      const error = app.page.locator('[data-field="email"] .field-error');
      expect(await error.textContent()).toBe('must be an email address');
      expect(await email.getAttribute('aria-invalid')).toBe('true');
      expect(await email.getAttribute('aria-describedby')).toContain(String(await error.getAttribute('id')));
      expect(await email.inputValue()).toBe('not-an-email');
      expect(await app.page.getByLabel('Name').inputValue()).toBe(name);
      expect(await app.page.getByRole('alert').textContent()).toContain('Email: must be an email address');
      expect(await contactsWithEmail(app.gp.database, 'not-an-email')).toEqual([]);
      await app.screenshot('forms-contact-invalid-email');
    });

    it('signs in and shows who is signed in; the session cookie is set', async () => {
      const user = await signUp(app.gp, 'e2e-form-sign-in');
      await app.page.goto(`${app.gp.url}/forms/sign-in`);
      await app.page.getByLabel('Email').fill(user.email);
      await app.page.getByLabel('Password').fill(PASSWORD);
      await app.page.getByRole('button', { name: 'Sign in' }).click();

      await app.page.waitForURL(/\/forms\/signed-in$/);
      expect(await app.page.getByRole('status').textContent()).toContain(`Signed in as ${user.email}`);
      const cookies = await app.page.context().cookies();
      expect(cookies.find((cookie) => cookie.name === 'gatepost_session')?.httpOnly).toBe(true);
      await app.screenshot('forms-signed-in');
    });

    it('shows the sign-in form again for a wrong password, with the message and without the password', async () => {
      const user = await signUp(app.gp, 'e2e-form-wrong-password');
      await app.page.goto(`${app.gp.url}/forms/sign-in`);
      await app.page.getByLabel('Email').fill(user.email);
      await app.page.getByLabel('Password').fill('not-the-password');
      await app.page.getByRole('button', { name: 'Sign in' }).click();

      await app.page.getByRole('alert').waitFor();
      expect(await app.page.getByRole('alert').textContent()).toContain('The email or password is not right.');
      expect(await app.page.getByLabel('Email').inputValue()).toBe(user.email);
      expect(await app.page.getByLabel('Password').inputValue()).toBe('');
      await app.screenshot('forms-sign-in-wrong-password');
    });
  },
  { javaScriptEnabled: false },
);
