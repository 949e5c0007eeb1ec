// Nesting bombs: a GraphQL document ~2,000 levels deep overflowed graphql-js's parser, and a JSON
// body 10,000 levels deep overflowed tRPC's and yoga's adapters (they stringify the body Fastify
// parsed), each a 500. Both are refused with 400 MALFORMED_REQUEST naming MAX_NESTING_DEPTH
// before anything parses them, over both protocols, on the fast paths and the official adapters.
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/databases';
import { useGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';
import { errorCodeOf, errorMessageOf, expectNothingLeaked, GRAPHQL_RESPONSE, postJson } from '../integration/http/wire';

/** `{ a { a { … } } }`, `levels` selection sets deep. */
function deepDocument(levels: number): string {
  return `${'{ a '.repeat(levels)}${'} '.repeat(levels)}`;
}

/** `[[[…]]]`, `levels` arrays deep. */
function deepArray(levels: number): string {
  return `${'['.repeat(levels)}${']'.repeat(levels)}`;
}

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly body: unknown;
}

async function send(gp: GatepostUnderTest, path: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await gp.anonymousFetch(path, postJson(body, headers));
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as unknown };
}

const BODY_MESSAGE = 'The request body nests arrays and objects deeper than the limit of 64 levels.';
const DOCUMENT_MESSAGE = 'The GraphQL document nests braces, brackets and parentheses deeper than the limit of 64 levels.';

const database = useTestDatabase('embedded');

describe.each([
  { path: 'the fast paths', fastPaths: true },
  { path: 'the official adapters (FAST_PATHS=false)', fastPaths: false },
])('through $path, with the default MAX_NESTING_DEPTH of 64', ({ fastPaths }) => {
  const gp = useGatepost(database, { config: { fastPaths } });

  describe('a GraphQL document 2,000 levels deep', () => {
    it.each([GRAPHQL_RESPONSE, 'application/json'])('is refused with 400 BAD_REQUEST naming the limit (accept: %s)', async (accept) => {
      const answer = await send(gp, '/graphql', JSON.stringify({ query: deepDocument(2000) }), { accept });
      expect(answer.status).toBe(400);
      expect(errorCodeOf(answer.body)).toBe('BAD_REQUEST');
      expect(errorMessageOf(answer.body)).toBe(DOCUMENT_MESSAGE);
      expect(answer.body).not.toHaveProperty('data');
      expectNothingLeaked(answer.text);
    });

    it('is refused inside a request array too', async () => {
      const operations = [{ query: '{ __typename }' }, { query: deepDocument(2000) }];
      const answer = await send(gp, '/graphql', JSON.stringify(operations), { accept: GRAPHQL_RESPONSE });
      expect(answer.status).toBeLessThan(500);
      expect(JSON.stringify(answer.body)).toContain(DOCUMENT_MESSAGE);
      expectNothingLeaked(answer.text);
    });
  });

  it('still runs a GraphQL document nested 64 levels deep (its own depth rule then answers)', async () => {
    const answer = await send(gp, '/graphql', JSON.stringify({ query: deepDocument(64) }), { accept: GRAPHQL_RESPONSE });
    expect(errorMessageOf(answer.body)).not.toBe(DOCUMENT_MESSAGE);
    expect(answer.status).toBeLessThan(500);
  });

  describe('a JSON body 10,000 levels deep', () => {
    it('is refused with 400 MALFORMED_REQUEST when it reaches tRPC’s own adapter (trpc-accept, unknown path)', async () => {
      const answer = await send(gp, '/trpc/no.such.procedure', deepArray(10_000), { 'trpc-accept': 'application/jsonl' });
      expect(answer.status).toBe(400);
      expect(errorCodeOf(answer.body)).toBe('MALFORMED_REQUEST');
      expect(errorMessageOf(answer.body)).toBe(BODY_MESSAGE);
      expectNothingLeaked(answer.text);
    });

    it('is refused with 400 MALFORMED_REQUEST as a tRPC mutation’s input', async () => {
      const answer = await send(gp, '/trpc/contacts.submit', `{"name":${deepArray(10_000)}}`);
      expect(answer.status).toBe(400);
      expect(errorCodeOf(answer.body)).toBe('MALFORMED_REQUEST');
      expect(errorMessageOf(answer.body)).toBe(BODY_MESSAGE);
      expectNothingLeaked(answer.text);
    });

    it('is refused with 400 BAD_REQUEST as GraphQL variables', async () => {
      const answer = await send(gp, '/graphql', `{"query":"{ __typename }","variables":{"a":${deepArray(10_000)}}}`, { accept: GRAPHQL_RESPONSE });
      expect(answer.status).toBe(400);
      expect(errorCodeOf(answer.body)).toBe('BAD_REQUEST');
      expect(errorMessageOf(answer.body)).toBe(BODY_MESSAGE);
      expectNothingLeaked(answer.text);
    });
  });

  it('accepts a JSON body nested exactly 64 levels deep, and refuses one nested 65', async () => {
    // The body object, `variables`, and then arrays: 2 + 62 = 64 levels.
    const within = await send(gp, '/graphql', `{"query":"{ __typename }","variables":{"a":${deepArray(62)}}}`, { accept: GRAPHQL_RESPONSE });
    const over = await send(gp, '/graphql', `{"query":"{ __typename }","variables":{"a":${deepArray(63)}}}`, { accept: GRAPHQL_RESPONSE });
    expect([within.status, within.body]).toEqual([200, { data: { __typename: 'Query' } }]);
    expect([over.status, errorMessageOf(over.body)]).toEqual([400, BODY_MESSAGE]);
  });

  it('answers ordinary requests after the bombs', async () => {
    await send(gp, '/graphql', JSON.stringify({ query: deepDocument(5000) }));
    await send(gp, '/trpc/no.such.procedure', deepArray(10_000), { 'trpc-accept': 'application/jsonl' });
    const answer = await send(gp, '/graphql', JSON.stringify({ query: '{ __typename }' }), { accept: GRAPHQL_RESPONSE });
    expect([answer.status, answer.body]).toEqual([200, { data: { __typename: 'Query' } }]);
  });
});
