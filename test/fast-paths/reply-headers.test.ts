import { contract, listOperations, type AnyOperation } from '@gatepost/shared';
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { PROTOCOLS, type Protocol } from '../helpers/protocols';
import type { GatepostUnderTest } from '../helpers/start-gatepost';
import { expectSameAnswers, useFastAndOfficial } from './pair';
import { responseData, sendBatch, sendCall } from '../helpers/raw-call';

/**
 * What a call asks of the HTTP reply besides its body — the session cookie set or cleared,
 * Retry-After on a refused sign-in, the refusal of bad credentials — must reach the client alike through the fast paths and
 * through tRPC's and yoga's own adapters. (Idempotent-Replayed and Vary are compared for every
 * operation in contract-operations.test.ts.)
 */
const operation = (name: string): AnyOperation => {
  const found = listOperations(contract).find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no operation ${name}`);
  return found;
};
const [register, login, logout, createApiKey] = ['auth.register', 'auth.login', 'auth.logout', 'auth.createApiKey'].map(operation) as [
  AnyOperation,
  AnyOperation,
  AnyOperation,
  AnyOperation,
];
const over = (protocol: Protocol) => (protocol === 'trpc' ? 'tRPC' : 'GraphQL');
const PASSWORD = 'correct horse battery staple';
const credentialsFor = (tag: string) => ({ email: `session.${tag}@example.com`, password: PASSWORD });

/** A registered user's sign-in, as the client sends it. */
async function signIn(gp: GatepostUnderTest, protocol: Protocol, tag: string): Promise<Response> {
  const registered = await sendCall(gp, protocol, register, { ...credentialsFor(tag), displayName: `Session ${tag}` });
  await responseData(registered);
  return sendCall(gp, protocol, login, credentialsFor(tag));
}

forEachDatabase((database) => {
  describe('the session cookie', () => {
    const pair = useFastAndOfficial(database);

    for (const protocol of PROTOCOLS) {
      it(`is set alike by a sign-in over ${over(protocol)}`, async () => {
        const [signedIn] = await expectSameAnswers(pair, async ({ gp, tag }) => [await signIn(gp, protocol, tag)]);
        expect(signedIn?.setCookie).toEqual([
          expect.stringMatching(/^gatepost_session=<token>; .*Expires=<date>; HttpOnly; SameSite=Lax$/),
        ]);
      });

      it(`is cleared alike by a sign-out with the session over ${over(protocol)}`, async () => {
        const [signedOut] = await expectSameAnswers(pair, async ({ gp, tag }) => {
          const { token } = (await responseData(await signIn(gp, protocol, tag))) as { token: string };
          return [await sendCall(gp, protocol, logout, {}, { headers: { authorization: `Bearer ${token}` } })];
        });
        expect(signedOut?.body).toContain('"loggedOut":true');
        expect(signedOut?.setCookie).toEqual([expect.stringMatching(/^gatepost_session=; Max-Age=0; .*Expires=Thu, 01 Jan 1970/)]);
      });
    }
  });

  describe('Retry-After on too many sign-in attempts', () => {
    const pair = useFastAndOfficial(database, { loginAttemptsPerMinute: 2 });
    const wrongPassword = (tag: string) => ({ email: `limited.${tag}@example.com`, password: 'not the password' });

    for (const protocol of PROTOCOLS) {
      it(`answers the third attempt in a minute with 429 and Retry-After alike over ${over(protocol)}`, async () => {
        const answers = await expectSameAnswers(pair, async ({ gp, tag }) => {
          const attempt = () => sendCall(gp, protocol, login, wrongPassword(tag));
          return [await attempt(), await attempt(), await attempt()];
        });
        expect(answers.map((answer) => answer.headers['retry-after'])).toEqual([null, null, '<seconds>']);
        if (protocol === 'trpc') expect(answers[2]?.status).toBe(429);
      });

      it(`answers a ${protocol === 'trpc' ? 'tRPC batch' : 'GraphQL request array'} that meets the limit with Retry-After alike`, async () => {
        const [answer] = await expectSameAnswers(pair, async ({ gp, tag }) => [
          await sendBatch(gp, protocol, login, [wrongPassword(tag), wrongPassword(tag), wrongPassword(tag)]),
        ]);
        expect(answer?.headers['retry-after']).toBe('<seconds>');
      });
    }
  });

  describe('credentials', () => {
    const pair = useFastAndOfficial(database);

    for (const protocol of PROTOCOLS) {
      it(`refuses an unknown bearer token alike over ${over(protocol)}`, async () => {
        const [refused] = await expectSameAnswers(pair, async ({ gp, tag }) => [
          await sendCall(gp, protocol, createApiKey, { name: tag }, { headers: { authorization: `Bearer nope-${tag}` } }),
        ]);
        expect(refused?.body).toContain('UNAUTHENTICATED');
      });

      it(`refuses a user's operation without credentials alike over ${over(protocol)}`, async () => {
        const [refused] = await expectSameAnswers(pair, async ({ gp, tag }) => [
          await sendCall(gp, protocol, createApiKey, { name: tag }, { anonymous: true }),
        ]);
        expect(refused?.body).toContain('UNAUTHENTICATED');
      });
    }
  });
});
