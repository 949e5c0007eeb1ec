// Bulk mutations — contacts.submitMany / submitManyContacts and users.createMany / createManyUsers —
// over both protocols through the real client and database: 1..1000 items, the created records
// in input order, and always all or nothing.
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { callOperation, forEachProtocol } from '../helpers/protocols';
import { useGatepost } from '../helpers/start-gatepost';
import {
  ATOMIC,
  codeOf,
  CREATE_MANY,
  emailOf,
  expectTablesUnchanged,
  postGraphQL,
  postTrpcBatch,
  postTrpcRaw,
  rowsTagged,
  snapshotTables,
  uniqueTag,
  type TrpcEntry,
} from './helpers';

function contactItems(tag: string, size: number) {
  return Array.from({ length: size }, (_, index) => ({ name: `Writer ${index}`, email: emailOf(`writer${index}`, tag) }));
}

function userItems(tag: string, size: number) {
  return Array.from({ length: size }, (_, index) => ({ email: emailOf(`user${index}`, tag), displayName: `User ${index}` }));
}

forEachDatabase((database) => {
  const gp = useGatepost(database);

  forEachProtocol((protocol) => {
    it('returns the created contacts in input order, each stored under its returned id', async () => {
      const tag = uniqueTag();
      const items = contactItems(tag, 7);
      const result = await callOperation(gp.client, protocol, 'mutation', 'contacts.submitMany', { items });
      if (!result.ok) throw new Error(`submitMany failed: ${result.message}`);
      const created = result.data as { id: string; email: string; name: string }[];
      expect(created.map((contact) => contact.email)).toEqual(items.map((item) => item.email));
      const { contacts } = await rowsTagged(database.current, tag);
      expect(new Map(contacts.map((row) => [row.id, row.email]))).toEqual(new Map(created.map((contact) => [contact.id, contact.email])));
    });

    it('returns the created users in input order, each stored under its returned id', async () => {
      const tag = uniqueTag();
      const items = userItems(tag, 7);
      const result = await callOperation(gp.client, protocol, 'mutation', 'users.createMany', { items });
      if (!result.ok) throw new Error(`createMany failed: ${result.message}`);
      const created = result.data as { id: string; email: string; displayName: string }[];
      expect(created.map((user) => [user.email, user.displayName])).toEqual(items.map((item) => [item.email, item.displayName]));
      const { users } = await rowsTagged(database.current, tag);
      expect(new Map(users.map((row) => [row.id, row.email]))).toEqual(new Map(created.map((user) => [user.id, user.email])));
    });

    it('accepts 1000 items, the most a bulk call may carry, and returns them in input order', async () => {
      const tag = uniqueTag();
      const items = contactItems(tag, 1000);
      const result = await callOperation(gp.client, protocol, 'mutation', 'contacts.submitMany', { items });
      expect(result.ok).toBe(true);
      expect((result.ok ? (result.data as { email: string }[]) : []).map((contact) => contact.email)).toEqual(
        items.map((item) => item.email),
      );
      expect((await rowsTagged(database.current, tag)).contacts).toHaveLength(1000);
    });

    it('refuses the whole contacts request naming the invalid item, and writes nothing', async () => {
      const tag = uniqueTag();
      const items = contactItems(tag, 4);
      items[2] = { name: 'Broken', email: 'not-an-email' };
      const before = await snapshotTables(database.current);
      const result = await callOperation(gp.client, protocol, 'mutation', 'contacts.submitMany', { items });
      expect(result).toMatchObject({
        ok: false,
        code: 'VALIDATION_FAILED',
        message: 'items.2.email: must be an email address',
        issues: [{ path: ['items', 2, 'email'], message: 'must be an email address' }],
      });
      await expectTablesUnchanged(database.current, before);
    });

    it('refuses the whole users request with CONFLICT naming the item whose email is already taken, and writes nothing', async () => {
      const tag = uniqueTag();
      const items = userItems(tag, 4);
      await gp.client.trpc.users.create.mutate({ email: items[3]?.email.toUpperCase() ?? '', displayName: 'Already here' });
      const before = await snapshotTables(database.current);
      const result = await callOperation(gp.client, protocol, 'mutation', 'users.createMany', { items });
      expect(result).toMatchObject({
        ok: false,
        code: 'CONFLICT',
        message: 'items.3.email: is already taken',
        issues: [{ path: ['items', 3, 'email'], message: 'is already taken' }],
      });
      await expectTablesUnchanged(database.current, before);
    });

    it('refuses the whole users request with CONFLICT naming the later item when two items share an email in another case', async () => {
      const tag = uniqueTag();
      const items = userItems(tag, 4);
      items[2] = { email: items[0]?.email.toUpperCase() ?? '', displayName: 'Shouting twin' };
      const before = await snapshotTables(database.current);
      const result = await callOperation(gp.client, protocol, 'mutation', 'users.createMany', { items });
      expect(result).toMatchObject({
        ok: false,
        code: 'CONFLICT',
        issues: [{ path: ['items', 2, 'email'], message: 'is already taken' }],
      });
      await expectTablesUnchanged(database.current, before);
    });

    it('refuses an empty items list with VALIDATION_FAILED on items, and writes nothing', async () => {
      const before = await snapshotTables(database.current);
      const result = await callOperation(gp.client, protocol, 'mutation', 'contacts.submitMany', { items: [] });
      expect(result).toMatchObject({
        ok: false,
        code: 'VALIDATION_FAILED',
        issues: [{ path: ['items'], message: 'must have at least 1 item' }],
      });
      await expectTablesUnchanged(database.current, before);
    });
  });

  describe('on the wire', () => {
    it('answers an empty items list over tRPC with 400 VALIDATION_FAILED', async () => {
      const answer = await postTrpcRaw<TrpcEntry>(gp, '/trpc/users.createMany', { items: [] });
      expect(answer.status).toBe(400);
      expect(codeOf(answer.body)).toBe('VALIDATION_FAILED');
    });

    it('answers a taken email over tRPC with 409 CONFLICT naming the item', async () => {
      const tag = uniqueTag();
      const items = userItems(tag, 2);
      items[1] = { email: items[0]?.email ?? '', displayName: 'Twin' };
      const answer = await postTrpcRaw<TrpcEntry>(gp, '/trpc/users.createMany', { items });
      expect(answer.status).toBe(409);
      expect(answer.body.error).toMatchObject({ message: 'items.1.email: is already taken', data: { code: 'CONFLICT' } });
    });

    it('answers a taken email over GraphQL with a null field and CONFLICT at its response key', async () => {
      const tag = uniqueTag();
      const items = userItems(tag, 2);
      items[1] = { email: items[0]?.email.toUpperCase() ?? '', displayName: 'Twin' };
      const answer = await postGraphQL(gp, { query: CREATE_MANY, variables: { input: { items } } });
      expect(answer.body.data).toEqual({ createManyUsers: null });
      expect(answer.body.errors?.[0]).toMatchObject({
        path: ['createManyUsers'],
        extensions: { code: 'CONFLICT', issues: [{ path: ['items', 1, 'email'], message: 'is already taken' }] },
      });
      expect((await rowsTagged(database.current, tag)).users).toEqual([]);
    });
  });

  describe('inside a tRPC batch', () => {
    it('fails alone in an independent batch, leaving the other calls written', async () => {
      const tag = uniqueTag();
      const items = userItems(tag, 2);
      items[1] = { email: items[0]?.email ?? '', displayName: 'Twin' };
      const answer = await postTrpcBatch(gp, [
        { path: 'contacts.submit', input: { name: 'Ada', email: emailOf('ada', tag) } },
        { path: 'users.createMany', input: { items } },
      ]);
      expect(answer.body.map(codeOf)).toEqual(['OK', 'CONFLICT']);
      const rows = await rowsTagged(database.current, tag);
      expect({ contacts: rows.contacts.length, users: rows.users.length }).toEqual({ contacts: 1, users: 0 });
    });

    it('aborts an atomic batch when its bulk call conflicts, keeping nothing', async () => {
      const tag = uniqueTag();
      const items = userItems(tag, 3);
      items[2] = { email: items[1]?.email.toUpperCase() ?? '', displayName: 'Twin' };
      const before = await snapshotTables(database.current);
      const answer = await postTrpcBatch(
        gp,
        [
          { path: 'contacts.submitMany', input: { items: contactItems(tag, 3) } },
          { path: 'users.createMany', input: { items } },
        ],
        ATOMIC,
      );
      expect(answer.status).toBe(409);
      expect(answer.body.map(codeOf)).toEqual(['BATCH_ABORTED', 'CONFLICT']);
      await expectTablesUnchanged(database.current, before);
    });
  });
});
