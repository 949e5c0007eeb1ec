// What the API paths answer to methods they do not take (RFC 9110 §15.5.6: 405 with Allow), to
// HEAD, and the catalog codes of the refusals yoga and Node's parser make before any call runs.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../../helpers/databases';
import { callOperation } from '../../helpers/protocols';
import { startGatepost, useGatepost } from '../../helpers/start-gatepost';
import { GRAPHQL_RESPONSE, errorCodeOf, postJson } from './wire';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface GraphQLErrorBody {
  errors: { message: string; extensions: { code: string; retryable?: boolean; requestId?: string } }[];
}

forEachDatabase((database) => {
  const gp = useGatepost(database);

  describe('HEAD on a tRPC path', () => {
    it('answers 204 with no body, as tRPC answers HEAD, instead of failing with 500', async () => {
      const response = await gp.fetch(`/trpc/contacts.get?input=${encodeURIComponent(JSON.stringify({ id: UNKNOWN_ID }))}`, {
        method: 'HEAD',
      });
      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
    });
  });

  describe.each(['PUT', 'PATCH', 'DELETE'])('%s on an API path', (method) => {
    it('is refused on /trpc/<procedure> with 405, METHOD_NOT_ALLOWED and Allow: GET, HEAD, POST', async () => {
      const response = await gp.fetch('/trpc/contacts.submit', { ...postJson({ name: 'Ada', email: 'ada@example.com' }), method });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD, POST');
      expect(errorCodeOf(await response.json())).toBe('METHOD_NOT_ALLOWED');
    });

    it('is refused on /graphql with 405, METHOD_NOT_ALLOWED and Allow: GET, POST', async () => {
      const response = await gp.fetch('/graphql', { method });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, POST');
      expect(errorCodeOf(await response.json())).toBe('METHOD_NOT_ALLOWED');
    });
  });

  describe.each([
    { path: 'the fast path', fastPaths: true },
    { path: 'yoga (fastPaths: false)', fastPaths: false },
  ])('GraphQL refusals made before any call, through $path', ({ fastPaths }) => {
    const post = async (query: string) => {
      await using server = await startGatepost({ database: database.current, config: { fastPaths } });
      const response = await server.fetch('/graphql', postJson({ query }, { accept: GRAPHQL_RESPONSE }));
      return {
        status: response.status,
        requestId: response.headers.get('x-request-id'),
        body: (await response.json()) as GraphQLErrorBody,
      };
    };

    it('answers a document that does not parse with 400 GRAPHQL_PARSE_FAILED, not retryable, with the request id', async () => {
      const answer = await post('mutation {');
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0]?.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED', retryable: false, requestId: answer.requestId });
    });

    it('answers a document the schema refuses with 400 GRAPHQL_VALIDATION_FAILED, not retryable, with the request id', async () => {
      const answer = await post('{ nope }');
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0]?.extensions).toEqual({
        code: 'GRAPHQL_VALIDATION_FAILED',
        retryable: false,
        requestId: answer.requestId,
      });
    });
  });

  describe('a GraphQL mutation sent by GET', () => {
    it('is refused with 405, Allow: POST and the catalog code METHOD_NOT_ALLOWED', async () => {
      const response = await gp.fetch(`/graphql?query=${encodeURIComponent('mutation { logout }')}`, {
        headers: { accept: 'application/json' },
      });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      const body = (await response.json()) as GraphQLErrorBody;
      expect(body.errors[0]?.extensions).toMatchObject({ code: 'METHOD_NOT_ALLOWED', retryable: false });
    });
  });

  describe('a GraphQL request accepting no media type gatepost answers with', () => {
    it('is answered 406 with the catalog code NOT_ACCEPTABLE, naming the types it could have had', async () => {
      const response = await gp.fetch('/graphql', postJson({ query: '{ __typename }' }, { accept: 'text/xml' }));
      expect(response.status).toBe(406);
      const body = (await response.json()) as GraphQLErrorBody;
      expect(body.errors[0]?.extensions.code).toBe('NOT_ACCEPTABLE');
      expect(body.errors[0]?.message).toContain('application/json');
    });
  });

  describe('a request whose headers exceed the limit of Node’s parser', () => {
    it('is answered 431 with the catalog code HEADERS_TOO_LARGE', async () => {
      const answer = await new Promise<{ status: number | undefined; body: string }>((resolve, reject) => {
        const sent = request(`${gp.url}/healthz`, { headers: { 'x-padding': 'a'.repeat(20_000) } }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode, body }));
        });
        sent.on('error', reject);
        sent.end();
      });
      expect(answer.status).toBe(431);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'HEADERS_TOO_LARGE', message: expect.stringContaining('16 KiB') } });
    });

    it('answers a tRPC query whose input overflows the URL in tRPC’s own error shape, so the client reads its code', async () => {
      const result = await callOperation(gp.client, 'trpc', 'query', 'contacts.get', { id: 'a'.repeat(20_000) });
      expect(result).toMatchObject({ ok: false, code: 'HEADERS_TOO_LARGE' });
    });

    it('answers a GraphQL GET whose URL overflows in GraphQL’s error shape', async () => {
      const response = await gp.fetch(`/graphql?query=${'a'.repeat(20_000)}`);
      expect(response.status).toBe(431);
      expect(((await response.json()) as GraphQLErrorBody).errors[0]?.extensions.code).toBe('HEADERS_TOO_LARGE');
    });
  });
});
