import { describe, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { expectSameAnswer, JSON_HEADERS, sameRequest, useFastAndOfficial } from './pair';

/**
 * The GraphQL fast path must answer exactly as yoga does, for every Accept header it serves
 * and for the requests it leaves to yoga. Each request goes to a server with it and to one
 * without; status, headers that matter and body must be equal once values that differ by
 * nature (ids, times, request ids) are blanked.
 */
const contact = { name: 'Ada', email: 'ada@example.com', message: 'Hi' };
const submitContact = 'mutation($input: SubmitContactInput!) { submitContact(input: $input) { id name email message createdAt } }';
const post = (body: unknown, accept?: string): RequestInit => ({
  method: 'POST',
  headers: { ...JSON_HEADERS, ...(accept ? { accept } : {}) },
  body: JSON.stringify(body),
});

forEachDatabase((database) => {
  const pair = useFastAndOfficial(database, { maxBatchCalls: 5 });

  describe('the GraphQL fast path', () => {
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
          await expectSameAnswer(pair, sameRequest('/graphql', post(body, accept)));
        });
      });
    }

    it('leaves requests it does not serve to yoga: a batch, extensions, an unknown parameter, GET', async () => {
      await expectSameAnswer(pair, sameRequest('/graphql', post([{ query: '{ __typename }' }])));
      await expectSameAnswer(
        pair,
        sameRequest('/graphql', post({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } })),
      );
      await expectSameAnswer(pair, sameRequest('/graphql', post({ query: '{ __typename }', foo: 1 })));
      await expectSameAnswer(
        pair,
        sameRequest(`/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } }),
      );
    });
  });
});
