// GraphiQL on /graphql in Chromium, with the generated schema: a mutation run from its editor
// writes a row and shows the result, and the docs explorer lists every contract mutation with
// its description, as the contract words it.
import { randomUUID } from 'node:crypto';
import { contract, graphqlFieldName, listOperations } from '@gatepost/shared';
import { expect, it } from 'vitest';
import { contactsWithEmail } from '../auth/helpers';
import { describeInBrowser } from './use-browser-app';

/** The description as GraphiQL shows it: its Markdown rendered, so `code` loses its backticks. */
function asRendered(markdown: string): string {
  return markdown.replaceAll('`', '').replace(/\s+/g, ' ').trim();
}

describeInBrowser('GraphiQL', (app) => {
  it('runs submitContact from the editor and shows the new contact in the result pane', async () => {
    const email = `graphiql-${randomUUID().slice(0, 8)}@example.com`;
    const document = `mutation { submitContact(input: { name: "Grace", email: "${email}" }) { id name email } }`;
    // GraphiQL opens with the `query` URL parameter in its editor, as a shared link would.
    await app.page.goto(`${app.gp.url}/graphql?query=${encodeURIComponent(document)}`);
    await app.page.getByRole('button', { name: /^Execute query/ }).click();

    const resultPane = app.page.locator('.graphiql-response');
    await resultPane.filter({ hasText: 'submitContact' }).waitFor();
    const result = JSON.parse((await resultPane.innerText()).replaceAll('\u00a0', ' ')) as {
      data: { submitContact: { id: string; name: string; email: string } };
    };
    expect(result.data.submitContact).toMatchObject({ name: 'Grace', email });
    const rows = await contactsWithEmail(app.gp.database, email);
    expect(rows.map((row) => row.id)).toEqual([result.data.submitContact.id]);
    await app.screenshot('graphiql-submit-contact');
  });

  it('lists every mutation of the contract with its description in the docs explorer', async () => {
    await app.page.goto(`${app.gp.url}/graphql`);
    await app.page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const explorer = app.page.locator('.graphiql-doc-explorer');
    await explorer.getByRole('link', { name: 'Mutation', exact: true }).click();
    await explorer.locator('.graphiql-doc-explorer-title', { hasText: 'Mutation' }).waitFor();

    const shown = await explorer.locator('.graphiql-doc-explorer-item').evaluateAll((items) =>
      items.map((item) => ({
        field: item.querySelector('.graphiql-doc-explorer-field-name')?.textContent ?? '',
        description: (item.querySelector('.graphiql-markdown-description') as HTMLElement | null)?.innerText.trim() ?? '',
      })),
    );
    const expected = listOperations(contract)
      .filter((operation) => operation.kind === 'mutation')
      .map((operation) => ({ field: graphqlFieldName(operation), description: asRendered(operation.description) }));
    expect(shown.map(({ field, description }) => ({ field, description: asRendered(description) }))).toEqual(expected);
    await app.screenshot('graphiql-docs-mutations');
  });
});
