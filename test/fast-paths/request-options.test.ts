import { contract, listOperations, type AnyOperation } from '@gatepost/shared';
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { PROTOCOLS, type Protocol } from '../helpers/protocols';
import { expectSameAnswer, expectSameAnswers, JSON_HEADERS, useFastAndOfficial } from './pair';
import { sendCall } from '../helpers/raw-call';

/**
 * What a client asks of a single request besides the call — all-or-nothing, an
 * Idempotency-Key, its own request id — is honoured alike by the fast paths and by tRPC's and
 * yoga's own adapters. (Batches and request arrays with these options need the fast paths: the
 * official adapters refuse them, as test/idempotency/official-adapters.test.ts shows.)
 */
const submitContact = listOperations(contract).find((operation) => operation.name === 'contacts.submit') as AnyOperation;
const over = (protocol: Protocol) => (protocol === 'trpc' ? 'tRPC' : 'GraphQL');
const contact = (tag: string, name = `Ada ${tag}`) => ({ name, email: `ada.${tag}@example.com` });

/** Two mutation fields, the second refused by the pipeline. */
const oneGoodOneBad = (tag: string, directive = '') =>
  `mutation ${directive} { a: submitContact(input: { name: "A ${tag}", email: "a.${tag}@example.com" }) { name } ` +
  `b: submitContact(input: { name: "B", email: "bad" }) { name } }`;

forEachDatabase((database) => {
  const pair = useFastAndOfficial(database);
  const graphql = (query: string, headers: Record<string, string> = {}): RequestInit => ({
    method: 'POST',
    headers: { ...JSON_HEADERS, ...headers },
    body: JSON.stringify({ query }),
  });

  describe('all-or-nothing', () => {
    it('answers an @atomic operation with one refused field alike', async () => {
      const answer = await expectSameAnswer(pair, ({ gp, tag }) => gp.fetch('/graphql', graphql(oneGoodOneBad(tag, '@atomic'))));
      expect(answer.body).toContain('"a":null');
    });

    it('answers an operation sent with Gatepost-Atomic: true alike', async () => {
      await expectSameAnswer(pair, ({ gp, tag }) => gp.fetch('/graphql', graphql(oneGoodOneBad(tag), { 'gatepost-atomic': 'true' })));
    });

    it('answers a single tRPC call sent with Gatepost-Atomic: true alike', async () => {
      await expectSameAnswer(pair, ({ gp, tag }) =>
        sendCall(gp, 'trpc', submitContact, contact(tag), { headers: { 'gatepost-atomic': 'true' } }),
      );
    });
  });

  for (const protocol of PROTOCOLS) {
    it(`refuses an Idempotency-Key reused with another input alike over ${over(protocol)}`, async () => {
      const [, reused] = await expectSameAnswers(pair, async ({ gp, tag }) => {
        const keyed = { headers: { 'idempotency-key': `reused-${tag}` } };
        return [
          await sendCall(gp, protocol, submitContact, contact(tag), keyed),
          await sendCall(gp, protocol, submitContact, contact(tag, 'Someone else'), keyed),
        ];
      });
      expect(reused?.body).toContain('IDEMPOTENCY_KEY_REUSED');
    });

    it(`quotes the client's own X-Request-Id alike over ${over(protocol)}`, async () => {
      const answer = await expectSameAnswer(pair, ({ gp }) =>
        sendCall(gp, protocol, submitContact, {}, { headers: { 'x-request-id': 'client-chosen-id-42' } }),
      );
      expect(answer.body).toContain('"requestId":"client-chosen-id-42"');
    });
  }
});
