// GraphQL Armor's limits through the real server: an alias bomb, a token bomb, and documents too
// deep or too costly are refused with a message naming the limit — 400 under
// application/graphql-response+json, 200 with `errors` under application/json (GraphQL over
// HTTP §6.4) — on the fast path and through yoga alike, and never with a 500.
import type { AppConfig } from '@gatepost/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/databases';
import { startGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';
import { expectNothingLeaked, GRAPHQL_RESPONSE, postJson } from '../integration/http/wire';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const DEFAULT_LIMITS: AppConfig['graphqlLimits'] = { maxDepth: 10, maxTokens: 20_000, maxCost: 20_000 };

/** `n` aliased reads of one contact: `a0: contact(id: "…") { <fields> } a1: …`. */
function aliasedContacts(count: number, fields = 'id'): string {
  const reads = Array.from({ length: count }, (_, index) => `a${index}: contact(id: "${UNKNOWN_ID}") { ${fields} }`);
  return `{ ${reads.join(' ')} }`;
}

interface LimitCase {
  readonly limit: string;
  readonly config: Partial<AppConfig>;
  readonly refused: string;
  readonly message: RegExp;
  readonly accepted: string;
}

const LIMITS: readonly LimitCase[] = [
  {
    // maxBatchCalls defaults to 100; aliases are limited to twice that.
    limit: 'aliases (an alias bomb of 300 aliased fields)',
    config: {},
    refused: aliasedContacts(300),
    message: /Aliases limit of 200 exceeded, found 300/,
    accepted: aliasedContacts(10),
  },
  {
    limit: 'tokens (a document of ~250 tokens against maxTokens 200)',
    config: { graphqlLimits: { ...DEFAULT_LIMITS, maxTokens: 200 } },
    refused: `{ ${'__typename '.repeat(250)}}`,
    message: /Token limit of 200 exceeded/,
    accepted: `{ contact(id: "${UNKNOWN_ID}") { id name } }`,
  },
  {
    // The contract's types are flat, so `contact { id }` (depth 2) is as deep as a query gets.
    limit: 'depth (a selection of depth 2 against maxDepth 1)',
    config: { graphqlLimits: { ...DEFAULT_LIMITS, maxDepth: 1 } },
    refused: `{ contact(id: "${UNKNOWN_ID}") { id } }`,
    message: /Query depth limit of 1 exceeded, found 2/,
    accepted: '{ __typename }',
  },
  {
    // Each contact with five scalars costs 2 + 1.5 × 5 = 9.5 in Armor's model.
    limit: 'cost (ten full contacts against maxCost 20)',
    config: { graphqlLimits: { ...DEFAULT_LIMITS, maxCost: 20 } },
    refused: aliasedContacts(10, 'id name email message createdAt'),
    message: /Query Cost limit of 20 exceeded, found 95/,
    accepted: `{ contact(id: "${UNKNOWN_ID}") { id name } }`,
  },
];

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
  readonly body: { data?: unknown; errors?: { message: string }[] } | undefined;
}

async function query(gp: GatepostUnderTest, document: string, accept: string): Promise<Answer> {
  const response = await gp.fetch('/graphql', postJson({ query: document }, { accept }));
  const text = await response.text();
  let body: Answer['body'];
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    body = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type'), text, body };
}

const database = useTestDatabase('embedded');

describe.each([
  { path: 'the fast path', fastPaths: true },
  { path: 'yoga (fastPaths: false)', fastPaths: false },
])('through $path', ({ fastPaths }) => {
  describe.each(LIMITS)('the limit on $limit', ({ config, refused, message, accepted }) => {
    let gp: GatepostUnderTest;
    beforeAll(async () => {
      gp = await startGatepost({ database: database.current, config: { ...config, fastPaths } });
    });
    afterAll(async () => {
      await gp.close();
    });

    it('refuses the document with 400 under application/graphql-response+json', async () => {
      const answer = await query(gp, refused, GRAPHQL_RESPONSE);
      expect(answer.status).toBe(400);
      expect(answer.contentType).toMatch(/^application\/graphql-response\+json/);
    });

    it('names the limit in the error message', async () => {
      const answer = await query(gp, refused, GRAPHQL_RESPONSE);
      expect(answer.body?.errors?.map((error) => error.message)).toContainEqual(expect.stringMatching(message));
      expectNothingLeaked(answer.text);
    });

    it('runs nothing: the answer has no data', async () => {
      const answer = await query(gp, refused, GRAPHQL_RESPONSE);
      expect(answer.body).not.toHaveProperty('data');
    });

    it('answers 200 with the same error under application/json, as the spec asks for legacy clients', async () => {
      const answer = await query(gp, refused, 'application/json');
      expect(answer.status).toBe(200);
      expect(answer.contentType).toMatch(/^application\/json/);
      expect(answer.body?.errors?.map((error) => error.message)).toContainEqual(expect.stringMatching(message));
      expect(answer.body).not.toHaveProperty('data');
    });

    it('never answers 500, whatever the client accepts', async () => {
      for (const accept of [GRAPHQL_RESPONSE, 'application/json', '*/*']) {
        expect((await query(gp, refused, accept)).status).toBeLessThan(500);
      }
    });

    it('still runs a document within the limit', async () => {
      const answer = await query(gp, accepted, GRAPHQL_RESPONSE);
      expect(answer.status).toBe(200);
      expect(answer.body?.errors).toBeUndefined();
      expect(answer.body).toHaveProperty('data');
    });
  });
});
