import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';
import { startGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';

/**
 * The fast paths must answer exactly as tRPC's and yoga's own adapters do. Each request goes
 * to a server with them and to one without; status, content type and body must be equal once
 * values that differ by nature (ids, times, request ids) are blanked.
 */
let database: TestDatabase;
let fast: GatepostUnderTest;
let official: GatepostUnderTest;
beforeAll(async () => {
  database = await createTestDatabase('embedded');
  fast = await startGatepost({ database, config: { fastPaths: true, maxBatchCalls: 5 } });
  official = await startGatepost({ database, config: { fastPaths: false, maxBatchCalls: 5 } });
});
afterAll(async () => {
  await fast.close();
  await official.close();
  await database.close();
});

function blank(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, '<time>');
}

async function answer(gp: GatepostUnderTest, path: string, init: RequestInit) {
  const response = await gp.fetch(path, init);
  return { status: response.status, contentType: response.headers.get('content-type'), body: blank(await response.text()) };
}

async function expectSameAnswer(path: string, init: RequestInit = {}) {
  const [overFast, overOfficial] = [await answer(fast, path, init), await answer(official, path, init)];
  expect(overFast).toEqual(overOfficial);
  return overFast;
}

const json = { 'content-type': 'application/json' };
const contact = { name: 'Ada', email: 'ada@example.com', message: 'Hi' };
const submitContact = 'mutation($input: SubmitContactInput!) { submitContact(input: $input) { id name email message createdAt } }';

describe('the tRPC fast path', () => {
  it.each([
    ['a valid mutation', '/trpc/contacts.submit', contact],
    ['an invalid mutation', '/trpc/contacts.submit', { name: '', email: 'x', extra: 1 }],
    ['a mutation with no body', '/trpc/contacts.submit', undefined],
    ['a batch of one valid and one invalid call', '/trpc/contacts.submit,contacts.submit?batch=1', { 0: contact, 1: { name: 'x' } }],
    ['a batch of valid calls', '/trpc/contacts.submit,contacts.submit?batch=1', { 0: contact, 1: { ...contact, name: 'Grace' } }],
    ['a batch with a missing input', '/trpc/contacts.submit,contacts.submit?batch=1', { 0: contact }],
    [
      'a batch over the call limit',
      '/trpc/contacts.submit,contacts.submit,contacts.submit,contacts.submit,contacts.submit,contacts.submit?batch=1',
      {},
    ],
    ['a query sent by POST', '/trpc/contacts.get', { id: '00000000-0000-4000-8000-000000000000' }],
    ['an unknown procedure', '/trpc/contacts.remove', {}],
  ])('answers %s as tRPC does', async (_title, path, body) => {
    await expectSameAnswer(path, { method: 'POST', headers: json, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  });

  it('answers a taken email (a CONFLICT from the database) as tRPC does', async () => {
    const user = { email: 'same@example.com', displayName: 'Same' };
    await fast.fetch('/trpc/users.create', { method: 'POST', headers: json, body: JSON.stringify(user) });
    const result = await expectSameAnswer('/trpc/users.create', { method: 'POST', headers: json, body: JSON.stringify(user) });
    expect(result.status).toBe(409);
  });

  it.each([
    ['a query by id', `/trpc/contacts.get?input=${encodeURIComponent(JSON.stringify({ id: '00000000-0000-4000-8000-000000000000' }))}`],
    [
      'a batched query',
      `/trpc/contacts.get,users.get?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { id: 'nope' }, 1: { id: '00000000-0000-4000-8000-000000000000' } }))}`,
    ],
    ['a query with malformed input', '/trpc/contacts.get?input=%7Bnot-json'],
    ['a mutation sent by GET', '/trpc/contacts.submit'],
  ])('answers %s by GET as tRPC does', async (_title, path) => {
    await expectSameAnswer(path);
  });
});

describe('the GraphQL fast path', () => {
  const post = (body: unknown, accept?: string): RequestInit => ({
    method: 'POST',
    headers: { ...json, ...(accept ? { accept } : {}) },
    body: JSON.stringify(body),
  });

  for (const accept of [
    undefined,
    'application/graphql-response+json',
    'application/json',
    'application/graphql-response+json, application/json',
    '*/*',
  ]) {
    describe(`with Accept: ${accept ?? '(none)'}`, () => {
      it.each([
        ['a valid mutation', { query: submitContact, variables: { input: contact } }],
        ['a mutation the pipeline refuses', { query: submitContact, variables: { input: { name: 'Ada', email: 'nope' } } }],
        ['variables that do not fit the input type', { query: submitContact, variables: { input: { name: 1, nickname: 'x' } } }],
        ['missing variables', { query: submitContact }],
        ['a syntax error', { query: 'mutation {' }],
        ['an unknown field', { query: '{ nope }' }],
        ['two operations without an operationName', { query: 'query A { __typename } query B { __typename }' }],
        ['an operationName that matches', { query: 'query A { __typename } query B { __typename }', operationName: 'B' }],
        [
          'two mutation fields, one failing',
          {
            query: `mutation { a: submitContact(input: { name: "A", email: "a@example.com" }) { name } b: submitContact(input: { name: "B", email: "bad" }) { name } }`,
          },
        ],
      ])('answers %s as yoga does', async (_title, body) => {
        await expectSameAnswer('/graphql', post(body, accept));
      });
    });
  }

  it('leaves requests it does not serve to yoga: a batch, extensions, an unknown parameter, GET', async () => {
    await expectSameAnswer('/graphql', post([{ query: '{ __typename }' }]));
    await expectSameAnswer('/graphql', post({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } }));
    await expectSameAnswer('/graphql', post({ query: '{ __typename }', foo: 1 }));
    await expectSameAnswer(`/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } });
  });
});
