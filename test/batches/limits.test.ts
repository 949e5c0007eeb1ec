// Batch limits (config maxBatchCalls, maxBulkItems, bodyLimitBytes): a request over a limit is
// refused whole with PAYLOAD_TOO_LARGE naming the limit, before any of its calls runs.
import { TRPCClientError, type AppRouter } from '@gatepost/client';
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost } from '../helpers/start-gatepost';
import {
  ATOMIC,
  codeOf,
  CREATE_USER,
  emailOf,
  expectTablesUnchanged,
  postGraphQL,
  postTrpcBatch,
  postTrpcRaw,
  rowsTagged,
  snapshotTables,
  SUBMIT_CONTACT,
  SUBMIT_MANY,
  uniqueTag,
  type GraphQLResult,
  type TrpcCall,
  type TrpcEntry,
} from './helpers';

function contactCalls(tag: string, size: number, message?: string): TrpcCall[] {
  return Array.from({ length: size }, (_, index) => ({
    path: 'contacts.submit',
    input: { name: `Writer ${index}`, email: emailOf(`w${index}`, tag), ...(message ? { message } : {}) },
  }));
}

function contactOperations(tag: string, size: number) {
  return contactCalls(tag, size).map((call) => ({ query: SUBMIT_CONTACT, variables: { input: call.input } }));
}

function contactItems(tag: string, size: number) {
  return contactCalls(tag, size).map((call) => call.input);
}

/** `mutation { f0: submitContact(…) … }` with `size` fields. */
function manyFields(tag: string, size: number, directive = ''): string {
  const fields = Array.from(
    { length: size },
    (_, index) => `f${index}: submitContact(input: { name: "W", email: "${emailOf(`f${index}`, tag)}" }) { id }`,
  );
  return `mutation Many ${directive} { ${fields.join(' ')} }`;
}

forEachDatabase((database) => {
  describe('with maxBatchCalls 3, maxBulkItems 5 and a 4096-byte body limit', () => {
    const gp = useGatepost(database, { config: { maxBatchCalls: 3, maxBulkItems: 5, bodyLimitBytes: 4096 } });

    it('refuses a 4-call tRPC batch with 413 naming the limit of 3, writing nothing', async () => {
      const before = await snapshotTables(database.current);
      const answer = await postTrpcBatch<TrpcEntry>(gp, contactCalls(uniqueTag(), 4));
      expect(answer.status).toBe(413);
      expect(answer.body.error).toMatchObject({
        message: 'A batch may carry at most 3 calls; this one carries 4.',
        data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 },
      });
      await expectTablesUnchanged(database.current, before);
    });

    it('refuses a 4-call atomic tRPC batch with 413, writing nothing', async () => {
      const before = await snapshotTables(database.current);
      const answer = await postTrpcBatch<TrpcEntry>(gp, contactCalls(uniqueTag(), 4), ATOMIC);
      expect(answer.status).toBe(413);
      expect(answer.body.error?.data.code).toBe('PAYLOAD_TOO_LARGE');
      await expectTablesUnchanged(database.current, before);
    });

    it('runs a tRPC batch of exactly 3 calls', async () => {
      const tag = uniqueTag();
      const answer = await postTrpcBatch(gp, contactCalls(tag, 3));
      expect(answer.status).toBe(200);
      expect((await rowsTagged(database.current, tag)).contacts).toHaveLength(3);
    });

    it('refuses a GraphQL request array of 4 operations with 413 naming the limit of 3, writing nothing', async () => {
      const before = await snapshotTables(database.current);
      const answer = await postGraphQL(gp, contactOperations(uniqueTag(), 4));
      expect(answer.status).toBe(413);
      expect(answer.body.errors?.[0]).toMatchObject({
        message: 'A request array may carry at most 3 operations; this one carries 4.',
        extensions: { code: 'PAYLOAD_TOO_LARGE' },
      });
      await expectTablesUnchanged(database.current, before);
    });

    it('refuses an atomic GraphQL request array of 4 operations with 413, writing nothing', async () => {
      const before = await snapshotTables(database.current);
      const answer = await postGraphQL(gp, contactOperations(uniqueTag(), 4), ATOMIC);
      expect(answer.status).toBe(413);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
      await expectTablesUnchanged(database.current, before);
    });

    it('refuses a GraphQL operation of 4 mutation fields with 413 naming the limit of 3, writing nothing', async () => {
      const before = await snapshotTables(database.current);
      const answer = await postGraphQL(gp, { query: manyFields(uniqueTag(), 4) });
      expect(answer.status).toBe(413);
      expect(answer.body).not.toHaveProperty('data');
      expect(answer.body.errors?.[0]).toMatchObject({
        message: 'An operation may carry at most 3 mutation fields; this one carries 4.',
        extensions: { code: 'PAYLOAD_TOO_LARGE' },
      });
      await expectTablesUnchanged(database.current, before);
    });

    it('counts mutation fields hidden in fragments towards the limit', async () => {
      const tag = uniqueTag();
      const before = await snapshotTables(database.current);
      const fields = [0, 1].map(
        (index) => `f${index}: createUser(input: { email: "${emailOf(`u${index}`, tag)}", displayName: "U" }) { id }`,
      );
      const query = `mutation Hidden { ...A ... on Mutation { ${fields[0]} } } fragment A on Mutation { ${fields[1]} g: submitContact(input: { name: "W", email: "${emailOf('g', tag)}" }) { id } h: submitContact(input: { name: "W", email: "${emailOf('h', tag)}" }) { id } }`;
      const answer = await postGraphQL(gp, { query });
      expect(answer.status).toBe(413);
      expect(answer.body.errors?.[0]?.message).toBe('An operation may carry at most 3 mutation fields; this one carries 4.');
      await expectTablesUnchanged(database.current, before);
    });

    it('refuses an @atomic GraphQL operation of 4 mutation fields with 413, writing nothing', async () => {
      const before = await snapshotTables(database.current);
      const answer = await postGraphQL(gp, { query: manyFields(uniqueTag(), 4, '@atomic') });
      expect(answer.status).toBe(413);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
      await expectTablesUnchanged(database.current, before);
    });

    it('refuses a 6-item bulk call over tRPC with 413 naming the limit of 5, writing nothing', async () => {
      const before = await snapshotTables(database.current);
      const answer = await postTrpcRaw<TrpcEntry>(gp, '/trpc/contacts.submitMany', { items: contactItems(uniqueTag(), 6) });
      expect(answer.status).toBe(413);
      expect(answer.body.error).toMatchObject({
        message: 'items: a bulk request may carry at most 5 items; this one carries 6.',
        data: { code: 'PAYLOAD_TOO_LARGE', issues: [{ path: ['items'], message: 'must have at most 5 items' }] },
      });
      await expectTablesUnchanged(database.current, before);
    });

    it('refuses a 6-item bulk field over GraphQL with PAYLOAD_TOO_LARGE at its response key, writing nothing', async () => {
      const before = await snapshotTables(database.current);
      const answer = await postGraphQL(gp, { query: SUBMIT_MANY, variables: { input: { items: contactItems(uniqueTag(), 6) } } });
      // A field error: per GraphQL-over-HTTP a response whose `data` is not null is a 2xx.
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ submitManyContacts: null });
      expect(answer.body.errors?.[0]).toMatchObject({
        message: 'items: a bulk request may carry at most 5 items; this one carries 6.',
        path: ['submitManyContacts'],
        extensions: { code: 'PAYLOAD_TOO_LARGE' },
      });
      await expectTablesUnchanged(database.current, before);
    });

    it('accepts a bulk call of exactly 5 items', async () => {
      const tag = uniqueTag();
      const answer = await postTrpcRaw<TrpcEntry>(gp, '/trpc/contacts.submitMany', { items: contactItems(tag, 5) });
      expect(answer.status).toBe(200);
      expect((await rowsTagged(database.current, tag)).contacts).toHaveLength(5);
    });

    it('refuses a tRPC batch whose body exceeds the body limit with 413 naming it, writing nothing', async () => {
      const before = await snapshotTables(database.current);
      const answer = await postTrpcBatch<TrpcEntry>(gp, contactCalls(uniqueTag(), 3, 'x'.repeat(1500)));
      expect(answer.status).toBe(413);
      expect(answer.body.error?.data.code).toBe('PAYLOAD_TOO_LARGE');
      expect(answer.body.error?.message).toContain('4096 bytes');
      await expectTablesUnchanged(database.current, before);
    });

    it('refuses a GraphQL request array whose body exceeds the body limit with 413 naming it, writing nothing', async () => {
      const tag = uniqueTag();
      const before = await snapshotTables(database.current);
      const operations = [0, 1, 2].map((index) => ({
        query: CREATE_USER,
        variables: { input: { email: emailOf(`u${index}`, tag), displayName: 'x'.repeat(1500) } },
      }));
      const answer = await postGraphQL(gp, operations);
      expect(answer.status).toBe(413);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
      expect(answer.body.errors?.[0]?.message).toContain('4096 bytes');
      await expectTablesUnchanged(database.current, before);
    });

    it('splits 5 calls into batches of at most 3 when the client is told the server’s limit', async () => {
      const tag = uniqueTag();
      const client = gp.newClient({ maxBatchCalls: 3 });
      const created = await Promise.all(
        contactItems(tag, 5).map((input) => client.trpc.contacts.submit.mutate(input as { name: string; email: string })),
      );
      expect(created).toHaveLength(5);
      expect((await rowsTagged(database.current, tag)).contacts).toHaveLength(5);
    });

    it('rejects every call of a typed-client batch over the server’s limit with PAYLOAD_TOO_LARGE, writing nothing', async () => {
      const tag = uniqueTag();
      const before = await snapshotTables(database.current);
      const results = await Promise.allSettled(
        contactItems(tag, 4).map((input) => gp.client.trpc.contacts.submit.mutate(input as { name: string; email: string })),
      );
      for (const result of results) {
        expect(result.status).toBe('rejected');
        const reason = (result as PromiseRejectedResult).reason as unknown;
        expect(reason).toBeInstanceOf(TRPCClientError);
        expect((reason as TRPCClientError<AppRouter>).data?.code).toBe('PAYLOAD_TOO_LARGE');
      }
      await expectTablesUnchanged(database.current, before);
    });
  });

  describe('with the default limits', () => {
    const gp = useGatepost(database);

    it('refuses a 101-call tRPC batch with 413 naming the default limit of 100, writing nothing', async () => {
      const before = await snapshotTables(database.current);
      const answer = await postTrpcBatch<TrpcEntry>(gp, contactCalls(uniqueTag(), 101));
      expect(answer.status).toBe(413);
      expect(answer.body.error?.message).toBe('A batch may carry at most 100 calls; this one carries 101.');
      await expectTablesUnchanged(database.current, before);
    });

    it('refuses a GraphQL request array of 101 operations with 413 naming the default limit, writing nothing', async () => {
      const before = await snapshotTables(database.current);
      const answer = await postGraphQL<GraphQLResult>(gp, contactOperations(uniqueTag(), 101));
      expect(answer.status).toBe(413);
      expect(answer.body.errors?.[0]?.message).toBe('A request array may carry at most 100 operations; this one carries 101.');
      await expectTablesUnchanged(database.current, before);
    });

    it('refuses a 1001-item bulk call with 413 naming the default limit of 1000, writing nothing', async () => {
      const before = await snapshotTables(database.current);
      const answer = await postTrpcRaw<TrpcEntry>(gp, '/trpc/contacts.submitMany', { items: contactItems(uniqueTag(), 1001) });
      expect(answer.status).toBe(413);
      expect(codeOf(answer.body)).toBe('PAYLOAD_TOO_LARGE');
      expect(answer.body.error?.message).toBe('items: a bulk request may carry at most 1000 items; this one carries 1001.');
      await expectTablesUnchanged(database.current, before);
    });
  });
});
