// GraphQL Armor's cost limit (GRAPHQL_MAX_COST) counts a bulk field once per item it carries, as
// Armor counts a `first: n` page: `submitManyContacts { id name email }` costs 6.5 for one item
// and 6,500 for 1,000, whether the items come inline or in a variable.
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/databases';
import { useGatepost } from '../helpers/start-gatepost';
import { emailOf, expectTablesUnchanged, postGraphQL, rowsTagged, snapshotTables, SUBMIT_MANY, uniqueTag } from './helpers';

function items(tag: string, count: number) {
  return Array.from({ length: count }, (_, index) => ({ name: 'Writer', email: emailOf(`c${index}`, tag) }));
}

const LIMITS = { maxDepth: 10, maxTokens: 20_000, maxCost: 2000 };
const database = useTestDatabase('embedded');

describe.each([
  { path: 'the fast path', fastPaths: true },
  { path: 'yoga (FAST_PATHS=false)', fastPaths: false },
])('through $path, with GRAPHQL_MAX_COST at 2000', ({ fastPaths }) => {
  const gp = useGatepost(database, { config: { fastPaths, graphqlLimits: LIMITS } });

  it('refuses one bulk field of 1,000 items, costing 6,500, as Armor refuses a costly document, writing nothing', async () => {
    const before = await snapshotTables(database.current);
    const answer = await postGraphQL(gp, { query: SUBMIT_MANY, variables: { input: { items: items(uniqueTag(), 1000) } } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.message).toMatch(/Query Cost limit of 2000 exceeded, found 6500\./);
    expect(answer.body).not.toHaveProperty('data');
    await expectTablesUnchanged(database.current, before);
  });

  it('counts items written inline in the document too', async () => {
    const before = await snapshotTables(database.current);
    const list = items(uniqueTag(), 400).map((item) => `{ name: "${item.name}", email: "${item.email}" }`);
    const answer = await postGraphQL(gp, { query: `mutation { submitManyContacts(input: { items: [${list.join(', ')}] }) { id name email } }` });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.message).toMatch(/found 2600\./);
    await expectTablesUnchanged(database.current, before);
  });

  it('runs a bulk field of 10 items, costing 65', async () => {
    const tag = uniqueTag();
    const answer = await postGraphQL(gp, { query: SUBMIT_MANY, variables: { input: { items: items(tag, 10) } } });
    expect(answer.status).toBe(200);
    expect((await rowsTagged(database.current, tag)).contacts).toHaveLength(10);
  });
});
