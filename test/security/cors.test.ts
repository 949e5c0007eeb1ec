// CORS (@fastify/cors) from config.corsOrigins, through the real server: no origin is granted by
// default, a configured one is granted with credentials and exactly the headers clients need, and
// GraphQL (yoga's own CORS off), on its fast path and through yoga, answers as tRPC does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';
import { PROTOCOLS, type Protocol } from '../helpers/protocols';
import { startGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';
import { postGraphQL, postJson, SUBMIT_CONTACT, uniqueEmail } from '../integration/http/wire';

const APP_ORIGIN = 'https://app.example.com';
const EVIL_ORIGIN = 'https://evil.example.com';

/** The ways a page calls contacts.submit: the two RPC protocols and its REST route. */
type Way = Protocol | 'rest';
const WAYS: readonly Way[] = [...PROTOCOLS, 'rest'];
const PATHS: Record<Way, string> = { trpc: '/trpc/contacts.submit', graphql: '/graphql', rest: '/api/contacts' };

function forEachWay(suite: (way: Way) => void): void {
  for (const way of WAYS) describe(`over ${{ trpc: 'tRPC', graphql: 'GraphQL', rest: 'REST' }[way]}`, () => suite(way));
}

/** A real contacts.submit POST, as a page on `origin` would send it with fetch(). */
function submitFrom(protocol: Way, origin: string | undefined): [string, RequestInit] {
  const input = { name: 'Ada', email: uniqueEmail('cors') };
  const headers: Record<string, string> = origin ? { origin } : {};
  return protocol === 'graphql' ? [PATHS.graphql, postGraphQL(SUBMIT_CONTACT, { input }, headers)] : [PATHS[protocol], postJson(input, headers)];
}

/** The preflight a browser sends before that POST (its JSON content type is not "simple"). */
function preflightFrom(protocol: Way, origin: string): [string, RequestInit] {
  return [
    PATHS[protocol],
    {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization, idempotency-key',
      },
    },
  ];
}

function listOf(header: string | null): string[] {
  return (header ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('embedded');
});
afterAll(async () => {
  await database.close();
});

describe('with no allowed origins (the default)', () => {
  let gp: GatepostUnderTest;
  beforeAll(async () => {
    gp = await startGatepost({ database });
  });
  afterAll(async () => {
    await gp.close();
  });

  forEachWay((protocol) => {
    it('grants no access-control-allow-origin to a cross-site POST', async () => {
      const response = await gp.fetch(...submitFrom(protocol, EVIL_ORIGIN));
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('grants no access-control-allow-credentials to a cross-site POST', async () => {
      const response = await gp.fetch(...submitFrom(protocol, EVIL_ORIGIN));
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it('grants no access-control-allow-origin to a preflight', async () => {
      const response = await gp.fetch(...preflightFrom(protocol, EVIL_ORIGIN));
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-methods')).toBeNull();
    });

    it('never answers access-control-allow-origin: * to a request without an Origin', async () => {
      const response = await gp.fetch(...submitFrom(protocol, undefined));
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});

describe.each([
  { path: 'the fast paths', fastPaths: true },
  { path: "tRPC's and yoga's own adapters", fastPaths: false },
])(`with ${APP_ORIGIN} allowed, through $path`, ({ fastPaths }) => {
  let gp: GatepostUnderTest;
  beforeAll(async () => {
    gp = await startGatepost({ database, config: { fastPaths, corsOrigins: [APP_ORIGIN] } });
  });
  afterAll(async () => {
    await gp.close();
  });

  forEachWay((protocol) => {
    describe('a POST from the allowed origin', () => {
      let response: Response;
      beforeAll(async () => {
        response = await gp.fetch(...submitFrom(protocol, APP_ORIGIN));
        await response.arrayBuffer();
      });

      it('is answered normally', () => {
        expect(response.status).toBe(protocol === 'rest' ? 201 : 200);
      });

      it('gets access-control-allow-origin naming exactly that origin', () => {
        expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
      });

      it('gets access-control-allow-credentials: true', () => {
        expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      });

      it('may read x-request-id and Location through access-control-expose-headers', () => {
        expect(listOf(response.headers.get('access-control-expose-headers'))).toEqual(expect.arrayContaining(['x-request-id', 'location']));
      });

      it('is told the answer varies by Origin, so no cache serves it to another origin', () => {
        expect(listOf(response.headers.get('vary'))).toContain('origin');
      });
    });

    describe('a preflight from the allowed origin', () => {
      let response: Response;
      beforeAll(async () => {
        response = await gp.fetch(...preflightFrom(protocol, APP_ORIGIN));
        await response.arrayBuffer();
      });

      it('succeeds with a 2xx and no body to speak of', () => {
        expect(response.status).toBeGreaterThanOrEqual(200);
        expect(response.status).toBeLessThan(300);
      });

      it('gets access-control-allow-origin naming exactly that origin', () => {
        expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
      });

      it('gets access-control-allow-credentials: true', () => {
        expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      });

      it('allows POST', () => {
        expect(listOf(response.headers.get('access-control-allow-methods'))).toContain('post');
      });

      it('allows the authorization, gatepost-atomic, idempotency-key and content-type headers', () => {
        expect(listOf(response.headers.get('access-control-allow-headers'))).toEqual(
          expect.arrayContaining(['authorization', 'gatepost-atomic', 'idempotency-key', 'content-type']),
        );
      });
    });

    it('grants nothing to another origin', async () => {
      const post = await gp.fetch(...submitFrom(protocol, EVIL_ORIGIN));
      const preflight = await gp.fetch(...preflightFrom(protocol, EVIL_ORIGIN));
      expect(post.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('grants nothing to an origin that only starts like the allowed one', async () => {
      const response = await gp.fetch(...submitFrom(protocol, `${APP_ORIGIN}.evil.example`));
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('never answers access-control-allow-origin: *', async () => {
      const answers = await Promise.all([
        gp.fetch(...submitFrom(protocol, APP_ORIGIN)),
        gp.fetch(...submitFrom(protocol, EVIL_ORIGIN)),
        gp.fetch(...submitFrom(protocol, undefined)),
        gp.fetch(...preflightFrom(protocol, APP_ORIGIN)),
      ]);
      for (const response of answers) expect(response.headers.get('access-control-allow-origin')).not.toBe('*');
    });
  });
});
