// CSRF through the real server, over tRPC and GraphQL, on the embedded and the external PostgreSQL: a POST carried
// only by the session cookie counts when it comes from this site or an allowed origin (judged by
// Origin, then Sec-Fetch-Site); a cross-site one is refused 403 and writes nothing. Requests that
// no browser sent, Bearer requests, and GET queries are not subject to the check.
import { tables } from '@gatepost/db';
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { forEachProtocol, type Protocol } from '../helpers/protocols';
import { useGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';
import {
  bearer,
  contactsWithEmail,
  cookie,
  dataOf,
  expectRefused,
  rawCall,
  signUp,
  uniqueEmail,
  type RawAnswer,
  type SignedIn,
} from './helpers';

const APP_ORIGIN = 'https://app.example.com';
const EVIL_ORIGIN = 'https://evil.example';

interface CookieWrite {
  readonly name: 'auth.createApiKey' | 'contacts.submit';
  /** Sends the write with these headers; `written()` counts the rows it left. */
  send(
    gp: GatepostUnderTest,
    protocol: Protocol,
    signed: SignedIn,
    headers: Record<string, string>,
  ): Promise<{ answer: RawAnswer; written(): Promise<number> }>;
}

forEachDatabase((database) => {
  const gp = useGatepost(database, { config: { corsOrigins: [APP_ORIGIN] } });

  const WRITES: readonly CookieWrite[] = [
    {
      name: 'auth.createApiKey',
      async send(server, protocol, signed, headers) {
        const answer = await rawCall(server, protocol, 'auth.createApiKey', { name: 'csrf' }, headers);
        const written = async () => {
          const [row] = await database.current.handle.db
            .select({ value: count() })
            .from(tables.apiKeys)
            .where(eq(tables.apiKeys.userId, signed.userId));
          return row?.value ?? -1;
        };
        return { answer, written };
      },
    },
    {
      name: 'contacts.submit',
      async send(server, protocol, _signed, headers) {
        const email = uniqueEmail('csrf-contact');
        const answer = await rawCall(server, protocol, 'contacts.submit', { name: 'Ada', email }, headers);
        return { answer, written: async () => (await contactsWithEmail(database.current, email)).length };
      },
    },
  ];

  forEachProtocol((protocol) => {
    describe.each(WRITES)('$name authenticated only by the session cookie', (write) => {
      async function sendWithCookie(headers: (signed: SignedIn) => Record<string, string>) {
        const signed = await signUp(gp, 'csrf', protocol);
        return write.send(gp, protocol, signed, { ...cookie(signed.token), ...headers(signed) });
      }

      async function expectRefusedAndNothingWritten(headers: (signed: SignedIn) => Record<string, string>): Promise<void> {
        const { answer, written } = await sendWithCookie(headers);
        expectRefused(answer, protocol, 'FORBIDDEN');
        expect(await written()).toBe(0);
      }

      async function expectAcceptedAndWritten(headers: (signed: SignedIn) => Record<string, string>): Promise<void> {
        const { answer, written } = await sendWithCookie(headers);
        dataOf(answer);
        expect(answer.status).toBe(200);
        expect(await written()).toBe(1);
      }

      it('is refused with 403 FORBIDDEN from a foreign Origin, and writes nothing', async () => {
        await expectRefusedAndNothingWritten(() => ({ origin: EVIL_ORIGIN }));
      });

      it('is refused with 403 FORBIDDEN on Sec-Fetch-Site: cross-site with no Origin, and writes nothing', async () => {
        await expectRefusedAndNothingWritten(() => ({ 'sec-fetch-site': 'cross-site' }));
      });

      it('is refused from Origin: null (a sandboxed or opaque origin), and writes nothing', async () => {
        await expectRefusedAndNothingWritten(() => ({ origin: 'null' }));
      });

      it("is refused from an Origin that only begins like the server's own, and writes nothing", async () => {
        await expectRefusedAndNothingWritten(() => ({ origin: `${gp.url}.evil.example` }));
      });

      it("succeeds from the server's own Origin", async () => {
        await expectAcceptedAndWritten(() => ({ origin: gp.url }));
      });

      it('succeeds on Sec-Fetch-Site: same-origin with no Origin', async () => {
        await expectAcceptedAndWritten(() => ({ 'sec-fetch-site': 'same-origin' }));
      });

      it('succeeds from an origin listed in config.corsOrigins', async () => {
        await expectAcceptedAndWritten(() => ({ origin: APP_ORIGIN }));
      });

      it('succeeds with neither Origin nor Sec-Fetch-Site (no browser sent it)', async () => {
        await expectAcceptedAndWritten(() => ({}));
      });

      it('is not checked for a Bearer token, even from a foreign Origin', async () => {
        const signed = await signUp(gp, 'csrfbearer', protocol);
        const { answer, written } = await write.send(gp, protocol, signed, { ...bearer(signed.token), origin: EVIL_ORIGIN });
        dataOf(answer);
        expect(await written()).toBe(1);
      });
    });
  });

  describe('a GET query', () => {
    it('still answers auth.me by GET with the cookie and a foreign Origin', async () => {
      const signed = await signUp(gp, 'csrfget', 'trpc');
      const answer = await rawCall(gp, 'trpc', 'auth.me', {}, { ...cookie(signed.token), origin: EVIL_ORIGIN });
      expect(dataOf(answer)).toMatchObject({ id: signed.userId, email: signed.email });
    });

    it('still answers auth.me by GET with the cookie and Sec-Fetch-Site: cross-site', async () => {
      const signed = await signUp(gp, 'csrfgetsite', 'trpc');
      const answer = await rawCall(gp, 'trpc', 'auth.me', {}, { ...cookie(signed.token), 'sec-fetch-site': 'cross-site' });
      expect(dataOf(answer)).toMatchObject({ id: signed.userId });
    });
  });

  describe('a mutation sent by GET with the cookie from a foreign Origin', () => {
    it.each([
      ['tRPC', (): string => `/trpc/auth.createApiKey?input=${encodeURIComponent(JSON.stringify({ name: 'by-get' }))}`],
      ['GraphQL', (): string => `/graphql?query=${encodeURIComponent('mutation { createApiKey(input: { name: "by-get" }) { id key } }')}`],
    ])('is refused with 405 over %s and writes nothing', async (_protocol, path) => {
      const signed = await signUp(gp, 'csrfgetmutation');
      const response = await gp.anonymousFetch(path(), {
        headers: { ...cookie(signed.token), origin: EVIL_ORIGIN, accept: 'application/graphql-response+json' },
      });
      expect(response.status).toBe(405);
      const keys = await database.current.handle.db.select().from(tables.apiKeys).where(eq(tables.apiKeys.userId, signed.userId));
      expect(keys).toEqual([]);
    });
  });

  describe('a GraphQL query sent by POST', () => {
    it('is refused with FORBIDDEN like any cookie POST from a foreign Origin', async () => {
      const signed = await signUp(gp, 'csrfgqlquery', 'graphql');
      const answer = await rawCall(gp, 'graphql', 'auth.me', {}, { ...cookie(signed.token), origin: EVIL_ORIGIN });
      expectRefused(answer, 'graphql', 'FORBIDDEN');
    });
  });
});
