import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { expectSameAnswer, JSON_HEADERS, sameRequest, useFastAndOfficial } from './pair';

/**
 * The tRPC fast path must answer exactly as tRPC's own adapter does, for the wire shapes it
 * serves and for those it leaves to tRPC. Each request goes to a server with it and to one
 * without; status, headers that matter and body must be equal once values that differ by
 * nature (ids, times, request ids) are blanked.
 */
const contact = { name: 'Ada', email: 'ada@example.com', message: 'Hi' };
const post = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: JSON_HEADERS,
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

forEachDatabase((database) => {
  const pair = useFastAndOfficial(database, { maxBatchCalls: 5 });

  describe('the tRPC fast path', () => {
    it.each([
      ['a valid mutation', '/trpc/contacts.submit', contact],
      ['an invalid mutation', '/trpc/contacts.submit', { name: '', email: 'x', extra: 1 }],
      ['a mutation with no body', '/trpc/contacts.submit', undefined],
      ['a batch of one valid and one invalid call', '/trpc/contacts.submit,contacts.submit?batch=1', { 0: contact, 1: { name: 'x' } }],
      ['a batch of valid calls', '/trpc/contacts.submit,contacts.submit?batch=1', { 0: contact, 1: { ...contact, name: 'Grace' } }],
      ['a batch with a missing input', '/trpc/contacts.submit,contacts.submit?batch=1', { 0: contact }],
      [
        'a batch over the call limit',
        '/trpc/contacts.submit,contacts.submit,contacts.submit,contacts.submit,contacts.submit,contacts.submit?batch=1',
        {},
      ],
      ['a query sent by POST', '/trpc/contacts.get', { id: '00000000-0000-4000-8000-000000000000' }],
      ['an unknown procedure', '/trpc/contacts.remove', {}],
    ])('answers %s as tRPC does', async (_title, path, body) => {
      await expectSameAnswer(pair, sameRequest(path, post(body)));
    });

    it('answers a taken email (a CONFLICT from the database) as tRPC does', async () => {
      const user = { email: 'same@example.com', displayName: 'Same' };
      await pair.fast.fetch('/trpc/users.create', post(user));
      const result = await expectSameAnswer(pair, sameRequest('/trpc/users.create', post(user)));
      expect(result.status).toBe(409);
    });

    it.each([
      ['a query by id', `/trpc/contacts.get?input=${encodeURIComponent(JSON.stringify({ id: '00000000-0000-4000-8000-000000000000' }))}`],
      [
        'a batched query',
        `/trpc/contacts.get,users.get?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { id: 'nope' }, 1: { id: '00000000-0000-4000-8000-000000000000' } }))}`,
      ],
      ['a query with malformed input', '/trpc/contacts.get?input=%7Bnot-json'],
      ['a mutation sent by GET', '/trpc/contacts.submit'],
    ])('answers %s by GET as tRPC does', async (_title, path) => {
      await expectSameAnswer(pair, sameRequest(path));
    });
  });
});
