// What a client sending a broken request gets back, on the wire, over both protocols: a clear 4xx
// with the catalog code, never a 500, nothing of the server's internals, and no row written.
import { describe, expect, it } from 'vitest';
import { forEachDatabase, type TestDatabase } from '../../helpers/databases';
import { forEachProtocol, type Protocol } from '../../helpers/protocols';
import { useGatepost, type GatepostUnderTest } from '../../helpers/start-gatepost';
import {
  contactRowsWithEmail,
  errorCodeOf,
  errorMessageOf,
  expectNothingLeaked,
  GRAPHQL_RESPONSE,
  issuesOf,
  postGraphQL,
  postJson,
  SUBMIT_CONTACT,
  uniqueEmail,
} from './wire';

const TWO_MIB = 2 * 1024 * 1024;

/** The catalog code each protocol reports for a body it cannot read, and for input the contract refuses. */
const MALFORMED = { trpc: 'MALFORMED_REQUEST', graphql: 'BAD_REQUEST' } as const;
const INVALID = { trpc: 'VALIDATION_FAILED', graphql: 'BAD_USER_INPUT' } as const;

/** `contacts.submit` with this input, as each protocol carries it. */
function submit(protocol: Protocol, input: unknown): [string, RequestInit] {
  return protocol === 'trpc' ? ['/trpc/contacts.submit', postJson(input)] : ['/graphql', postGraphQL(SUBMIT_CONTACT, { input })];
}

/** The same call with a raw body and content type of our choosing. */
function submitRaw(protocol: Protocol, body: string, contentType: string): [string, RequestInit] {
  const init = {
    method: 'POST',
    headers: { 'content-type': contentType, accept: protocol === 'graphql' ? GRAPHQL_RESPONSE : 'application/json' },
    body,
  };
  return [protocol === 'trpc' ? '/trpc/contacts.submit' : '/graphql', init];
}

/** The JSON document of a valid call, as text, to cut short or send under the wrong content type. */
function validDocument(protocol: Protocol, email: string): string {
  const input = { name: 'Ada', email };
  return JSON.stringify(protocol === 'trpc' ? input : { query: SUBMIT_CONTACT, variables: { input } });
}

/** The same valid call, form-encoded as an HTML form would post it. */
function formEncoded(protocol: Protocol, email: string): string {
  if (protocol === 'trpc') return new URLSearchParams({ name: 'Ada', email }).toString();
  return new URLSearchParams({ query: SUBMIT_CONTACT, variables: JSON.stringify({ input: { name: 'Ada', email } }) }).toString();
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
}

async function send(gp: GatepostUnderTest, [path, init]: [string, RequestInit]): Promise<Answer> {
  const response = await gp.fetch(path, init);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

/** A clear refusal: the status asked for, the catalog code, nothing leaked, and nothing written. */
async function expectRefused(answer: Answer, status: number, code: string, database: TestDatabase, email: string): Promise<void> {
  expect({ status: answer.status, code: errorCodeOf(answer.body) }).toEqual({ status, code });
  expect(errorMessageOf(answer.body)).not.toBe('');
  expectNothingLeaked(answer.text);
  expect(await contactRowsWithEmail(database, email)).toHaveLength(0);
}

forEachDatabase((database) => {
  describe('with the default limits', () => {
    const gp = useGatepost(database);

    forEachProtocol((protocol) => {
      it('answers 400 with the malformed-request code when the body is not valid JSON', async () => {
        const email = uniqueEmail('malformed');
        const cutShort = validDocument(protocol, email).slice(0, -3);
        const answer = await send(gp, submitRaw(protocol, cutShort, 'application/json'));
        await expectRefused(answer, 400, MALFORMED[protocol], database.current, email);
      });

      it('answers 415 UNSUPPORTED_MEDIA_TYPE when the body is sent as text/plain', async () => {
        const email = uniqueEmail('text-plain');
        const answer = await send(gp, submitRaw(protocol, validDocument(protocol, email), 'text/plain'));
        await expectRefused(answer, 415, 'UNSUPPORTED_MEDIA_TYPE', database.current, email);
      });

      it('answers 415 UNSUPPORTED_MEDIA_TYPE when the body is form-encoded', async () => {
        const email = uniqueEmail('form');
        const answer = await send(gp, submitRaw(protocol, formEncoded(protocol, email), 'application/x-www-form-urlencoded'));
        await expectRefused(answer, 415, 'UNSUPPORTED_MEDIA_TYPE', database.current, email);
      });

      it('answers 413 PAYLOAD_TOO_LARGE naming the 1 MiB limit when the body is 2 MiB', async () => {
        const email = uniqueEmail('too-large');
        const answer = await send(gp, submit(protocol, { name: 'Ada', email, message: 'x'.repeat(TWO_MIB) }));
        await expectRefused(answer, 413, 'PAYLOAD_TOO_LARGE', database.current, email);
        expect(errorMessageOf(answer.body)).toContain('1 MiB');
      });

      it('answers 400 naming the field when a required field is missing', async () => {
        const email = uniqueEmail('missing');
        const answer = await send(gp, submit(protocol, { email }));
        await expectRefused(answer, 400, INVALID[protocol], database.current, email);
        expect(issuesOf(answer.body)).toContainEqual({ path: ['name'], message: 'is required' });
      });

      it('answers 400 saying which type was expected when a field has the wrong type', async () => {
        const email = uniqueEmail('wrong-type');
        const answer = await send(gp, submit(protocol, { name: 123, email }));
        await expectRefused(answer, 400, INVALID[protocol], database.current, email);
        expect(issuesOf(answer.body)).toContainEqual({ path: ['name'], message: 'must be a string' });
      });

      it('answers 400 naming an unknown field instead of dropping it silently', async () => {
        const email = uniqueEmail('unknown-field');
        const answer = await send(gp, submit(protocol, { name: 'Ada', email, nickname: 'ada' }));
        await expectRefused(answer, 400, INVALID[protocol], database.current, email);
        expect(issuesOf(answer.body).map((issue) => issue.path)).toContainEqual(['nickname']);
      });
    });

    describe('over tRPC', () => {
      it('answers 404 NOT_FOUND for a procedure the contract does not have', async () => {
        const answer = await send(gp, ['/trpc/contacts.nope', postJson({ name: 'Ada', email: uniqueEmail('no-procedure') })]);
        expect({ status: answer.status, code: errorCodeOf(answer.body) }).toEqual({ status: 404, code: 'NOT_FOUND' });
        expectNothingLeaked(answer.text);
      });
    });

    describe('over GraphQL', () => {
      it('answers 400 with a GraphQL validation error for a field the schema does not have', async () => {
        const answer = await send(gp, ['/graphql', postGraphQL('mutation { nope }')]);
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({ errors: [{ message: 'Cannot query field "nope" on type "Mutation".' }] });
        expect(answer.body).not.toHaveProperty('data');
        expectNothingLeaked(answer.text);
      });
    });
  });

  describe('with a configured body limit of 4096 bytes', () => {
    const gp = useGatepost(database, { config: { bodyLimitBytes: 4096 } });

    forEachProtocol((protocol) => {
      it('answers 413 naming the configured limit for a 5000-byte body', async () => {
        const email = uniqueEmail('over-limit');
        const answer = await send(gp, submit(protocol, { name: 'Ada', email, message: 'x'.repeat(4900) }));
        await expectRefused(answer, 413, 'PAYLOAD_TOO_LARGE', database.current, email);
        expect(errorMessageOf(answer.body)).toContain('4096 bytes');
      });

      it('still accepts a body under the configured limit', async () => {
        const email = uniqueEmail('under-limit');
        const answer = await send(gp, submit(protocol, { name: 'Ada', email, message: 'x'.repeat(3000) }));
        expect(answer.status).toBe(200);
        expect(await contactRowsWithEmail(database.current, email)).toHaveLength(1);
      });
    });
  });
});
