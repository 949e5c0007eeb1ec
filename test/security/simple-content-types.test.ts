// The content types a browser sends cross-site without a CORS preflight — text/plain, form and
// multipart posts — cannot make gatepost run a mutation from a page on another site, over either
// protocol, on either path, and nothing is written: text/plain and forms are refused with 415;
// multipart (which carries uploads) is refused with 403 when it comes from another site.
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { forEachProtocol, type Protocol } from '../helpers/protocols';
import { useGatepost } from '../helpers/start-gatepost';
import {
  contactRowsWithEmail,
  errorCodeOf,
  expectNothingLeaked,
  GRAPHQL_RESPONSE,
  SUBMIT_CONTACT,
  uniqueEmail,
} from '../integration/http/wire';

const PATHS = { trpc: '/trpc/contacts.submit', graphql: '/graphql' } as const;

/** A valid contacts.submit, as the JSON document a page would smuggle into a simple request. */
function jsonDocument(protocol: Protocol, email: string): string {
  const input = { name: 'Ada', email };
  return JSON.stringify(protocol === 'trpc' ? input : { query: SUBMIT_CONTACT, variables: { input } });
}

/** The same call, in each simple content type; fetch() sets multipart's boundary itself. */
/** The call as a multipart request: tRPC's FormData input, or the GraphQL multipart request spec's fields. */
function multipartBody(protocol: Protocol, email: string): FormData {
  const form = new FormData();
  if (protocol === 'trpc') {
    form.set('name', 'Ada');
    form.set('email', email);
  } else {
    form.set('operations', jsonDocument(protocol, email));
    form.set('map', '{}');
  }
  return form;
}

const SIMPLE_BODIES: readonly {
  readonly contentType: string;
  readonly build: (protocol: Protocol, email: string) => { body: BodyInit; headers: Record<string, string> };
}[] = [
  {
    contentType: 'text/plain',
    build: (protocol, email) => ({ body: jsonDocument(protocol, email), headers: { 'content-type': 'text/plain;charset=UTF-8' } }),
  },
  {
    contentType: 'application/x-www-form-urlencoded',
    build: (protocol, email) => {
      const fields: Record<string, string> =
        protocol === 'trpc'
          ? { name: 'Ada', email }
          : { query: SUBMIT_CONTACT, variables: JSON.stringify({ input: { name: 'Ada', email } }) };
      return { body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    },
  },
];

forEachDatabase((database) => {
  describe.each([
    { path: 'the fast paths', fastPaths: true },
    { path: "tRPC's and yoga's own adapters", fastPaths: false },
  ])('through $path', ({ fastPaths }) => {
    const gp = useGatepost(database, { config: { fastPaths } });

    forEachProtocol((protocol) => {
      describe.each(SIMPLE_BODIES)('a mutation posted as $contentType', ({ contentType, build }) => {
        async function post(email: string): Promise<{ status: number; text: string }> {
          const { body, headers } = build(protocol, email);
          const accept = protocol === 'graphql' ? GRAPHQL_RESPONSE : 'application/json';
          const response = await gp.fetch(PATHS[protocol], { method: 'POST', headers: { ...headers, accept }, body });
          return { status: response.status, text: await response.text() };
        }

        it('is refused with 415', async () => {
          expect((await post(uniqueEmail('simple-status'))).status).toBe(415);
        });

        it('is refused with the UNSUPPORTED_MEDIA_TYPE code and a message naming application/json', async () => {
          const { text } = await post(uniqueEmail('simple-code'));
          const body = JSON.parse(text) as unknown;
          expect(errorCodeOf(body)).toBe('UNSUPPORTED_MEDIA_TYPE');
          expect(text).toContain('application/json');
          expect(text).toContain(contentType);
          expectNothingLeaked(text);
        });

        it('writes no row', async () => {
          const email = uniqueEmail('simple-row');
          await post(email);
          expect(await contactRowsWithEmail(database.current, email)).toHaveLength(0);
        });
      });

      describe('a mutation posted as multipart/form-data from a page of another site', () => {
        async function post(email: string): Promise<{ status: number; text: string }> {
          const response = await gp.anonymousFetch(PATHS[protocol], {
            method: 'POST',
            headers: { origin: 'https://elsewhere.example', accept: 'application/json' },
            body: multipartBody(protocol, email),
          });
          return { status: response.status, text: await response.text() };
        }

        it('is refused with 403 FORBIDDEN, saying why', async () => {
          const { status, text } = await post(uniqueEmail('cross-site-multipart'));
          expect(status).toBe(403);
          expect(errorCodeOf(JSON.parse(text) as unknown)).toBe('FORBIDDEN');
          expect(text).toContain('another site');
          expectNothingLeaked(text);
        });

        it('writes no row', async () => {
          const email = uniqueEmail('cross-site-multipart-row');
          await post(email);
          expect(await contactRowsWithEmail(database.current, email)).toHaveLength(0);
        });
      });

      it('runs a multipart mutation sent with no Origin, as a non-browser client sends it', async () => {
        const email = uniqueEmail('same-site-multipart');
        const response = await gp.anonymousFetch(PATHS[protocol], { method: 'POST', body: multipartBody(protocol, email) });
        expect(response.status).toBe(200);
        expect(await contactRowsWithEmail(database.current, email)).toHaveLength(1);
      });
    });
  });
});
