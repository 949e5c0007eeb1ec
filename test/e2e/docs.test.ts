// The API reference page at /docs in Chromium: Scalar renders the contract's OpenAPI document from
// this server alone — no CDN, no web fonts — under the page's own CSP, which refuses nothing it needs
// (describeInBrowser fails a test whose page met a CSP refusal or threw).
import { expect, it } from 'vitest';
import { contactsWithEmail } from '../auth/helpers';
import { ARTIFACTS_DIR } from './chromium';
import { describeInBrowser } from './use-browser-app';

describeInBrowser('API reference (/docs)', (app) => {
  it('renders the operations of the document, loading everything from this server', async () => {
    const requested: string[] = [];
    app.page.on('request', (request) => requested.push(request.url()));
    await app.page.goto(`${app.gp.url}/docs`);

    // contacts.submit's route, as the reference lists it once it has read /openapi.json.
    await app.page.getByText('/api/contacts', { exact: true }).first().waitFor();
    await expect(app.page.getByRole('heading', { name: 'contacts.submit' }).first().isVisible()).resolves.toBe(true);
    expect(requested).toContain(`${app.gp.url}/openapi.json`);
    expect(requested.filter((url) => !url.startsWith(`${app.gp.url}/`) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual(
      [],
    );
    await app.screenshot('docs-reference');
  });

  it("sends contacts.submit's example from the Test Request client and shows the 201, within the page's CSP", async () => {
    await app.page.goto(`${app.gp.url}/docs`);
    await app.page.getByText('/api/contacts', { exact: true }).first().waitFor();
    await app.page
      .getByRole('button', { name: /Test Request/ })
      .first()
      .click();
    // The page lists "201 Created" among the documented answers before anything is sent: wait for the request's own answer.
    const answered = app.page.waitForResponse(
      (response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/contacts',
    );
    await app.page.getByRole('button', { name: /^Send/ }).first().click();

    expect((await answered).status()).toBe(201);
    await app.page.getByText('201 Created').first().waitFor();
    expect(await contactsWithEmail(app.gp.database, 'ada@example.com')).toHaveLength(1);
    // Finished transitions, or the picture catches the response pane fading in.
    await app.page.screenshot({ path: `${ARTIFACTS_DIR}docs-test-request.png`, animations: 'disabled' });
  });
});
