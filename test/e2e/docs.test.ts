// The API reference page at /docs in Chromium: Scalar renders the contract's OpenAPI document from
// this server alone — no CDN, no web fonts — under the page's own CSP, which refuses nothing it needs
// (describeInBrowser fails a test whose page met a CSP refusal or threw).
import { expect, it } from 'vitest';
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
    expect(requested.filter((url) => !url.startsWith(`${app.gp.url}/`) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
    await app.screenshot('docs-reference');
  });
});
