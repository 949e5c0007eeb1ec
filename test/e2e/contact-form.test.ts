// The contact form in Chromium: a valid message is recorded and shown, the server's field errors
// appear next to their fields, and a submission is recorded once however it is retried.
import { randomUUID } from 'node:crypto';
import type { Page, Request } from 'playwright-core';
import { expect, it } from 'vitest';
import { contactsWithEmail } from '../auth/helpers';
import { describeInBrowser } from './use-browser-app';

function uniqueEmail(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.com`;
}

async function fillContactForm(page: Page, input: { name: string; email: string; message?: string }): Promise<void> {
  await page.getByLabel('Name').fill(input.name);
  await page.getByLabel('Email').fill(input.email);
  if (input.message !== undefined) await page.getByLabel('Message').fill(input.message);
}

describeInBrowser('the contact form', (app) => {
  async function openForm(): Promise<void> {
    await app.page.goto(app.gp.url);
    await app.page.getByRole('heading', { name: 'Contact us' }).waitFor();
  }

  it('submits a message and shows the new contact', async () => {
    const email = uniqueEmail('e2e-contact');
    await openForm();
    await fillContactForm(app.page, { name: 'Ada Lovelace', email, message: 'Hello from Chromium' });
    await app.page.getByRole('button', { name: 'Send' }).click();

    const success = app.page.getByRole('status');
    await success.waitFor();
    expect(await success.textContent()).toContain('Thank you, Ada Lovelace');
    const shownId = await app.page.getByTestId('contact-id').textContent();
    const rows = await contactsWithEmail(app.gp.database, email);
    expect(rows.map((row) => ({ id: row.id, message: row.message }))).toEqual([{ id: shownId, message: 'Hello from Chromium' }]);
    await app.screenshot('contact-form-success');
  });

  it("shows the server's message next to the email field for an invalid address, and records nothing", async () => {
    const name = `Invalid ${randomUUID().slice(0, 8)}`;
    await openForm();
    await fillContactForm(app.page, { name, email: 'not-an-email' });
    await app.page.getByRole('button', { name: 'Send' }).click();

    const emailField = app.page.locator('[data-field="email"]');
    const error = emailField.locator('.field-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/email address/);
    // Tied to its input for assistive technology, and the only field marked wrong.
    expect(await app.page.getByLabel('Email').getAttribute('aria-describedby')).toBe(await error.getAttribute('id'));
    expect(await app.page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    expect(await app.page.locator('[data-field="name"] .field-error').count()).toBe(0);
    expect(await app.page.getByRole('alert').filter({ hasText: 'VALIDATION_FAILED' }).count()).toBe(1);
    expect(await contactsWithEmail(app.gp.database, 'not-an-email')).toEqual([]);
    await app.screenshot('contact-form-invalid-email');
  });

  it('records one contact when Send is double-clicked', async () => {
    const email = uniqueEmail('e2e-double');
    await openForm();
    await fillContactForm(app.page, { name: 'Double Click', email });
    await app.page.getByRole('button', { name: 'Send' }).dblclick();
    await app.page.getByRole('status').waitFor();
    expect(await contactsWithEmail(app.gp.database, email)).toHaveLength(1);
    await app.screenshot('contact-form-double-click');
  });

  it('records a submission once when its answers are lost, resending it with the same idempotency key', async () => {
    // Every answer is lost on the way back (the server did record the first request) until the
    // client gives up; then the user presses the button again and the answer gets through.
    const email = uniqueEmail('e2e-retry');
    const sent: Request[] = [];
    let losingAnswers = true;
    await app.page.route('**/trpc/contacts.submit*', async (route) => {
      sent.push(route.request());
      if (!losingAnswers) return route.continue();
      await route.fetch();
      return route.abort('connectionreset');
    });
    await openForm();
    await fillContactForm(app.page, { name: 'Flaky Network', email });
    await app.page.getByRole('button', { name: 'Send' }).click();

    const retry = app.page.getByRole('button', { name: 'Try again' });
    await retry.waitFor({ timeout: 20_000 });
    await app.screenshot('contact-form-network-failure');
    losingAnswers = false;
    await retry.click();
    await app.page.getByRole('status').waitFor();

    const keys = await Promise.all(sent.map((request) => request.headerValue('idempotency-key')));
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size, `keys sent: ${keys.join(', ')}`).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(await contactsWithEmail(app.gp.database, email)).toHaveLength(1);
    await app.screenshot('contact-form-retried-once');
  });

  it('uses a new idempotency key for the next submission after a success', async () => {
    const keys: (string | null)[] = [];
    await app.page.route('**/trpc/contacts.submit*', async (route) => {
      keys.push(await route.request().headerValue('idempotency-key'));
      return route.continue();
    });
    await openForm();
    for (const label of ['first', 'second']) {
      await fillContactForm(app.page, { name: 'Same Name', email: 'same.person@example.com', message: label });
      await app.page.getByRole('button', { name: 'Send' }).click();
      await app.page.getByRole('status').filter({ hasText: 'Same Name' }).waitFor();
      await app.page.getByLabel('Name').waitFor();
    }
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
  });
});
