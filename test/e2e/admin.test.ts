// The admin page in Chromium: contacts.list over GraphQL refuses a visitor who is not an admin,
// and with the operator key lists recent contact messages newest first, page after page.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { TEST_OPERATOR_KEY } from '../helpers/start-gatepost';
import { describeInBrowser } from './use-browser-app';

describeInBrowser('the admin page', (app) => {
  it('lists recent contact messages newest first with the operator key, and pages back to older ones', async () => {
    const tag = randomUUID().slice(0, 8);
    // Twelve messages: more than one page of ten.
    for (let index = 0; index < 12; index += 1) {
      await app.gp.client.trpc.contacts.submit.mutate({ name: `Admin ${tag} ${index}`, email: `admin.${tag}.${index}@example.com` });
    }
    await app.page.goto(`${app.gp.url}/admin`);
    await app.page.locator('[role="alert"][data-code="UNAUTHENTICATED"]').waitFor();
    await app.page.getByLabel(/^Operator key/).fill(TEST_OPERATOR_KEY);
    await app.page.getByRole('button', { name: 'Use key' }).click();

    const names = app.page.locator('table.contacts tbody tr td:nth-child(2)');
    await names
      .first()
      .filter({ hasText: `Admin ${tag} 11` })
      .waitFor();
    expect(await names.count()).toBe(10);
    await app.page.getByRole('button', { name: 'Older messages' }).click();
    await names.nth(10).waitFor();
    const shown = (await names.allTextContents()).filter((name) => name.includes(tag));
    expect(shown).toEqual(Array.from({ length: 12 }, (_, index) => `Admin ${tag} ${11 - index}`));
    await app.screenshot('admin-contacts');
  });
});
