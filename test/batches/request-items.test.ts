// MAX_ITEMS_PER_REQUEST: the items of every call of one request add up (a bulk call counts its
// items, any other call 1), and a request over the limit is refused whole with 413 naming it,
// before anything runs — over tRPC batches, GraphQL multi-field operations and request arrays,
// on the fast paths and through tRPC's and yoga's own adapters alike.
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost } from '../helpers/start-gatepost';
import {
  ATOMIC,
  emailOf,
  expectTablesUnchanged,
  postGraphQL,
  postTrpcBatch,
  rowsTagged,
  snapshotTables,
  SUBMIT_MANY,
  uniqueTag,
  type GraphQLResult,
  type TrpcCall,
  type TrpcEntry,
} from './helpers';

function items(tag: string, count: number, label = 'i') {
  return Array.from({ length: count }, (_, index) => ({ name: 'Writer', email: emailOf(`${label}${index}`, tag) }));
}

function bulkCall(tag: string, count: number, label: string): TrpcCall {
  return { path: 'contacts.submitMany', input: { items: items(tag, count, label) } };
}

function refusedWith(total: number, max = 1000): string {
  return `A request may carry at most ${max} items across its calls (a bulk call counts its items, any other call 1); this one carries ${total}.`;
}

/** `mutation($input: …) { f0: submitManyContacts(input: $input) { id } f1: … }`: `fields` fields sharing one variable. */
function aliasedBulkFields(fields: number): string {
  const selections = Array.from({ length: fields }, (_, index) => `f${index}: submitManyContacts(input: $input) { id }`);
  return `mutation Many($input: SubmitManyContactsInput!) { ${selections.join(' ')} }`;
}

forEachDatabase((database) => {
  describe.each([
    { path: 'the fast paths', fastPaths: true },
    { path: 'the official adapters (FAST_PATHS=false)', fastPaths: false },
  ])('through $path, with the default limit of 1000 items', ({ fastPaths }) => {
    const gp = useGatepost(database, { config: { fastPaths } });

    it('refuses one anonymous GraphQL operation of 100 bulk fields sharing a 1,000-item variable, writing nothing', async () => {
      const before = await snapshotTables(database.current);
      const response = await gp.anonymousFetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: aliasedBulkFields(100), variables: { input: { items: items(uniqueTag(), 1000) } } }),
      });
      const body = (await response.json()) as GraphQLResult;
      expect(response.status).toBe(413);
      expect(body.errors?.[0]).toMatchObject({ message: refusedWith(100_000), extensions: { code: 'PAYLOAD_TOO_LARGE' } });
      expect(body).not.toHaveProperty('data');
      await expectTablesUnchanged(database.current, before);
    });

    it('refuses a GraphQL request array whose operations carry 1,200 items together, writing nothing', async () => {
      const tag = uniqueTag();
      const before = await snapshotTables(database.current);
      const operations = ['a', 'b'].map((label) => ({ query: SUBMIT_MANY, variables: { input: { items: items(tag, 600, label) } } }));
      const answer = await postGraphQL(gp, operations);
      expect(answer.status).toBe(413);
      expect(answer.body.errors?.[0]).toMatchObject({ message: refusedWith(1200), extensions: { code: 'PAYLOAD_TOO_LARGE' } });
      await expectTablesUnchanged(database.current, before);
    });

    it('refuses a tRPC batch of two 600-item bulk calls with 413, writing nothing', async () => {
      const tag = uniqueTag();
      const before = await snapshotTables(database.current);
      const answer = await postTrpcBatch<TrpcEntry>(gp, [bulkCall(tag, 600, 'a'), bulkCall(tag, 600, 'b')]);
      expect(answer.status).toBe(413);
      expect(answer.body.error).toMatchObject({ message: refusedWith(1200), data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } });
      await expectTablesUnchanged(database.current, before);
    });

    it('counts a call that is not bulk as one item: 1,000 bulk items and one submit are refused', async () => {
      const tag = uniqueTag();
      const before = await snapshotTables(database.current);
      const single: TrpcCall = { path: 'contacts.submit', input: { name: 'One', email: emailOf('one', tag) } };
      const answer = await postTrpcBatch<TrpcEntry>(gp, [bulkCall(tag, 1000, 'a'), single]);
      expect(answer.status).toBe(413);
      expect(answer.body.error?.message).toBe(refusedWith(1001));
      await expectTablesUnchanged(database.current, before);
    });

    it('runs a tRPC batch of two 500-item bulk calls: exactly the limit', async () => {
      const tag = uniqueTag();
      const answer = await postTrpcBatch(gp, [bulkCall(tag, 500, 'a'), bulkCall(tag, 500, 'b')]);
      expect(answer.status).toBe(200);
      expect((await rowsTagged(database.current, tag)).contacts).toHaveLength(1000);
    });
  });

  describe.each([
    { path: 'the fast paths', fastPaths: true },
    { path: 'the official adapters (FAST_PATHS=false)', fastPaths: false },
  ])('through $path, with MAX_ITEMS_PER_REQUEST at 10', ({ fastPaths }) => {
    const gp = useGatepost(database, { config: { fastPaths, maxItemsPerRequest: 10 } });

    it('counts items written inline in the document', async () => {
      const tag = uniqueTag();
      const before = await snapshotTables(database.current);
      const list = (label: string) =>
        `[${Array.from({ length: 6 }, (_, index) => `{ name: "W", email: "${emailOf(`${label}${index}`, tag)}" }`).join(', ')}]`;
      const query = `mutation { a: submitManyContacts(input: { items: ${list('a')} }) { id } b: submitManyContacts(input: { items: ${list('b')} }) { id } }`;
      const answer = await postGraphQL(gp, { query });
      expect(answer.status).toBe(413);
      expect(answer.body.errors?.[0]?.message).toBe(refusedWith(12, 10));
      await expectTablesUnchanged(database.current, before);
    });

    it('counts bulk fields hidden in fragments, and items given as their own variable', async () => {
      const tag = uniqueTag();
      const before = await snapshotTables(database.current);
      const query = `mutation M($items: [SubmitContactInput!]!) { ...F ... on Mutation { b: submitManyContacts(input: { items: $items }) { id } } }
        fragment F on Mutation { a: submitManyContacts(input: { items: $items }) { id } }`;
      const answer = await postGraphQL(gp, { query, variables: { items: items(tag, 6) } });
      expect(answer.status).toBe(413);
      expect(answer.body.errors?.[0]?.message).toBe(refusedWith(12, 10));
      await expectTablesUnchanged(database.current, before);
    });

    it('refuses an atomic tRPC batch over the limit with 413, writing nothing', async () => {
      const tag = uniqueTag();
      const before = await snapshotTables(database.current);
      const answer = await postTrpcBatch<TrpcEntry>(gp, [bulkCall(tag, 6, 'a'), bulkCall(tag, 6, 'b')], ATOMIC);
      expect(answer.status).toBe(413);
      expect(answer.body.error?.data.code).toBe('PAYLOAD_TOO_LARGE');
      await expectTablesUnchanged(database.current, before);
    });

    it('refuses a single bulk call over the request limit too, naming the request limit', async () => {
      const before = await snapshotTables(database.current);
      const answer = await postGraphQL(gp, { query: SUBMIT_MANY, variables: { input: { items: items(uniqueTag(), 11) } } });
      expect(answer.status).toBe(413);
      expect(answer.body.errors?.[0]?.message).toBe(refusedWith(11, 10));
      await expectTablesUnchanged(database.current, before);
    });
  });
});
