// Security headers (@fastify/helmet) on every answer the real server gives: the API's strict
// policy on JSON answers and errors, GraphiQL's relaxed one on its page only, the API reference's
// own (its inline script by hash) on its page only, HSTS in production.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';
import { startGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';
import { GRAPHQL_RESPONSE, postGraphQL, postJson, trpcQueryPath, uniqueEmail } from '../integration/http/wire';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** The API answers to check, each a request a client or a browser really sends. */
const API_ANSWERS: readonly { readonly title: string; readonly path: string; readonly init: () => RequestInit; readonly status: number }[] =
  [
    {
      title: 'a tRPC mutation answer',
      path: '/trpc/contacts.submit',
      init: () => postJson({ name: 'Ada', email: uniqueEmail('headers') }),
      status: 200,
    },
    { title: 'a tRPC query answer by GET', path: trpcQueryPath('contacts.get', { id: UNKNOWN_ID }), init: () => ({}), status: 200 },
    { title: 'a GraphQL JSON answer', path: '/graphql', init: () => postGraphQL('{ __typename }'), status: 200 },
    {
      title: 'a GraphQL answer yoga serves (GET with a query)',
      path: `/graphql?query=${encodeURIComponent('{ __typename }')}`,
      init: () => ({ headers: { accept: GRAPHQL_RESPONSE } }),
      status: 200,
    },
    { title: 'a GraphQL validation error', path: '/graphql', init: () => postGraphQL('{ nope }'), status: 400 },
    { title: 'GET /healthz', path: '/healthz', init: () => ({}), status: 200 },
    { title: 'the OpenAPI document', path: '/openapi.json', init: () => ({}), status: 200 },
    { title: "the API reference page's script bundle", path: '/docs/js/scalar.js', init: () => ({}), status: 200 },
    { title: 'a 404 for a path that does not exist', path: '/nothing-here', init: () => ({}), status: 404 },
    {
      title: 'a tRPC 415 for a text/plain body',
      path: '/trpc/contacts.submit',
      init: () => ({ method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }),
      status: 415,
    },
    {
      title: 'a GraphQL 415 for a text/plain body',
      path: '/graphql',
      init: () => ({ method: 'POST', headers: { 'content-type': 'text/plain', accept: GRAPHQL_RESPONSE }, body: '{}' }),
      status: 415,
    },
    {
      title: 'a tRPC 400 for a body that is not JSON',
      path: '/trpc/contacts.submit',
      init: () => postJson('{"name":'),
      status: 400,
    },
  ];

function directivesOf(csp: string | null): string[] {
  return (csp ?? '').split(';').map((directive) => directive.trim());
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('embedded');
});
afterAll(async () => {
  await database.close();
});

describe('with the development defaults', () => {
  let gp: GatepostUnderTest;
  beforeAll(async () => {
    gp = await startGatepost({ database });
  });
  afterAll(async () => {
    await gp.close();
  });

  describe.each(API_ANSWERS)('on $title', ({ path, init, status }) => {
    it('answers with the status the request deserves', async () => {
      expect((await gp.fetch(path, init())).status).toBe(status);
    });

    it("sends a content security policy that starts with default-src 'none'", async () => {
      const csp = (await gp.fetch(path, init())).headers.get('content-security-policy');
      expect(directivesOf(csp)[0]).toBe("default-src 'none'");
    });

    it('allows no inline script', async () => {
      const csp = (await gp.fetch(path, init())).headers.get('content-security-policy');
      const scriptDirectives = directivesOf(csp).filter((directive) => directive.startsWith('script-src'));
      expect(scriptDirectives.join(';')).not.toContain("'unsafe-inline'");
    });

    it('sends x-content-type-options: nosniff', async () => {
      expect((await gp.fetch(path, init())).headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('forbids framing with x-frame-options', async () => {
      expect((await gp.fetch(path, init())).headers.get('x-frame-options')).toMatch(/^(DENY|SAMEORIGIN)$/);
    });

    it('sends referrer-policy: no-referrer', async () => {
      expect((await gp.fetch(path, init())).headers.get('referrer-policy')).toBe('no-referrer');
    });

    it('sends no strict-transport-security outside production', async () => {
      expect((await gp.fetch(path, init())).headers.get('strict-transport-security')).toBeNull();
    });
  });

  describe('on the GraphiQL page', () => {
    let response: Response;
    beforeAll(async () => {
      response = await gp.fetch('/graphql', { headers: { accept: 'text/html' } });
      await response.arrayBuffer();
    });

    it('is served as HTML', () => {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    });

    it("allows the page's own inline script", () => {
      expect(directivesOf(response.headers.get('content-security-policy'))).toContain("script-src 'self' 'unsafe-inline'");
    });

    it('lets the page call back only to its own origin', () => {
      expect(directivesOf(response.headers.get('content-security-policy'))).toContain("connect-src 'self'");
    });

    it("does not carry the API's default-src 'none', which would break the page", () => {
      expect(directivesOf(response.headers.get('content-security-policy'))).not.toContain("default-src 'none'");
    });

    it('still sends nosniff and forbids framing', () => {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toMatch(/^(DENY|SAMEORIGIN)$/);
    });
  });
});

describe('on the API reference page (/docs/)', () => {
  let gp: GatepostUnderTest;
  let response: Response;
  beforeAll(async () => {
    gp = await startGatepost({ database });
    response = await gp.fetch('/docs/', { headers: { accept: 'text/html' } });
    await response.arrayBuffer();
  });
  afterAll(async () => {
    await gp.close();
  });

  it('is served as HTML', () => {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('allows its own scripts and its one inline script by hash, never any inline script', () => {
    const scripts = directivesOf(response.headers.get('content-security-policy')).filter((directive) => directive.startsWith('script-src'));
    expect(scripts).toEqual([expect.stringMatching(/^script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'$/)]);
  });

  it('lets the page call back only to its own origin, and loads nothing else', () => {
    const directives = directivesOf(response.headers.get('content-security-policy'));
    expect(directives).toContain("default-src 'none'");
    expect(directives).toContain("connect-src 'self'");
  });

  it('still sends nosniff and forbids framing', () => {
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toMatch(/^(DENY|SAMEORIGIN)$/);
    expect(directivesOf(response.headers.get('content-security-policy'))).toContain("frame-ancestors 'none'");
  });
});

describe('in production', () => {
  let gp: GatepostUnderTest;
  beforeAll(async () => {
    gp = await startGatepost({ database, config: { production: true, graphiql: false, graphqlIntrospection: false } });
  });
  afterAll(async () => {
    await gp.close();
  });

  it('sends strict-transport-security with a max-age of a year on a tRPC answer', async () => {
    const response = await gp.fetch('/trpc/contacts.submit', postJson({ name: 'Ada', email: uniqueEmail('hsts') }));
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
  });

  it('sends strict-transport-security on a GraphQL answer', async () => {
    const response = await gp.fetch('/graphql', postGraphQL('{ __typename }'));
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
  });

  it('sends strict-transport-security on a 404', async () => {
    expect((await gp.fetch('/nothing-here')).headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
  });
});
