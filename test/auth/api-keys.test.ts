// API keys through the real server and client, over tRPC and GraphQL, on the embedded and the external PostgreSQL:
// auth.createApiKey shows a `gp_` key once, the key works as a Bearer token until
// auth.revokeApiKey revokes it, nobody revokes another user's key, and the operator has none.
import { tables } from '@gatepost/db';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { callOperation, forEachProtocol, type CallResult, type Protocol } from '../helpers/protocols';
import { useGatepost } from '../helpers/start-gatepost';
import { bearer, clientWith, contactsWithEmail, expectRefused, rawCall, sha256Hex, signUp, uniqueEmail } from './helpers';

interface CreatedKey {
  readonly id: string;
  readonly name: string;
  readonly key: string;
  readonly prefix: string;
  readonly createdAt: string;
}

function dataOfResult<T>(result: CallResult): T {
  expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
  return (result as { data: T }).data;
}

forEachDatabase((database) => {
  const gp = useGatepost(database);

  async function createKey(protocol: Protocol, token: string, name = 'ci'): Promise<CreatedKey> {
    return dataOfResult<CreatedKey>(await callOperation(clientWith(gp, token), protocol, 'mutation', 'auth.createApiKey', { name }));
  }

  async function keyRow(id: string) {
    const [row] = await database.current.handle.db.select().from(tables.apiKeys).where(eq(tables.apiKeys.id, id));
    return row;
  }

  forEachProtocol((protocol) => {
    describe('auth.createApiKey', () => {
      it('answers with the id, the name, a gp_ key, its prefix and the creation time', async () => {
        const signed = await signUp(gp, 'keys', protocol);
        const created = await createKey(protocol, signed.token, 'deploy bot');
        expect(created).toEqual({
          id: expect.any(String),
          name: 'deploy bot',
          key: expect.stringMatching(/^gp_[A-Za-z0-9_-]{43,}$/),
          prefix: expect.any(String),
          createdAt: expect.any(String),
        });
        expect(Number.isNaN(Date.parse(created.createdAt))).toBe(false);
      });

      it('gives a prefix that begins the key but does not reveal it', async () => {
        const signed = await signUp(gp, 'prefix', protocol);
        const created = await createKey(protocol, signed.token);
        expect(created.prefix.startsWith('gp_')).toBe(true);
        expect(created.key.startsWith(created.prefix)).toBe(true);
        expect(created.prefix.length).toBeLessThan(created.key.length - 32);
      });

      it('gives a new key each time', async () => {
        const signed = await signUp(gp, 'twokeys', protocol);
        const [first, second] = [await createKey(protocol, signed.token), await createKey(protocol, signed.token)];
        expect(first.key).not.toBe(second.key);
        expect(first.id).not.toBe(second.id);
      });

      it('stores the key only as its SHA-256, for the signed-in user', async () => {
        const signed = await signUp(gp, 'keyhash', protocol);
        const created = await createKey(protocol, signed.token);
        const row = await keyRow(created.id);
        expect(row).toMatchObject({ userId: signed.userId, keyHash: sha256Hex(created.key), revokedAt: null });
        expect(Object.values(row ?? {}).map(String)).not.toContain(created.key);
      });

      it('makes a key that works as a Bearer token for its user', async () => {
        const signed = await signUp(gp, 'usekey', protocol);
        const created = await createKey(protocol, signed.token);
        const me = await callOperation(clientWith(gp, created.key), protocol, 'query', 'auth.me', {});
        expect(me).toEqual({ ok: true, data: expect.objectContaining({ id: signed.userId, email: signed.email }) });
      });

      it('refuses the operator key with FORBIDDEN (it is no user) and writes no key', async () => {
        const before = await database.current.handle.db.select().from(tables.apiKeys);
        const result = await callOperation(gp.client, protocol, 'mutation', 'auth.createApiKey', { name: 'operator' });
        expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
        expect(await database.current.handle.db.select().from(tables.apiKeys)).toHaveLength(before.length);
      });

      it('refuses an anonymous caller with 401 UNAUTHENTICATED', async () => {
        expectRefused(await rawCall(gp, protocol, 'auth.createApiKey', { name: 'nobody' }), protocol, 'UNAUTHENTICATED');
      });
    });

    describe('auth.revokeApiKey', () => {
      it('revokes your own key and answers with its id and revokedAt', async () => {
        const signed = await signUp(gp, 'revoke', protocol);
        const created = await createKey(protocol, signed.token);
        const revoked = dataOfResult<{ id: string; revokedAt: string }>(
          await callOperation(clientWith(gp, signed.token), protocol, 'mutation', 'auth.revokeApiKey', { id: created.id }),
        );
        expect(revoked.id).toBe(created.id);
        expect((await keyRow(created.id))?.revokedAt?.toISOString()).toBe(new Date(revoked.revokedAt).toISOString());
      });

      it('makes the key get 401 UNAUTHENTICATED from then on', async () => {
        const signed = await signUp(gp, 'revokedkey', protocol);
        const created = await createKey(protocol, signed.token);
        await callOperation(clientWith(gp, signed.token), protocol, 'mutation', 'auth.revokeApiKey', { id: created.id });
        expectRefused(await rawCall(gp, protocol, 'auth.me', {}, bearer(created.key)), protocol, 'UNAUTHENTICATED');
      });

      it('makes the key get 401 UNAUTHENTICATED on a public operation, which writes nothing', async () => {
        const signed = await signUp(gp, 'revokedpublic', protocol);
        const created = await createKey(protocol, signed.token);
        await callOperation(clientWith(gp, signed.token), protocol, 'mutation', 'auth.revokeApiKey', { id: created.id });
        const email = uniqueEmail('revoked-key-contact');
        expectRefused(
          await rawCall(gp, protocol, 'contacts.submit', { name: 'Eve', email }, bearer(created.key)),
          protocol,
          'UNAUTHENTICATED',
        );
        expect(await contactsWithEmail(database.current, email)).toEqual([]);
      });

      it('can be done with the key itself', async () => {
        const signed = await signUp(gp, 'selfrevoke', protocol);
        const created = await createKey(protocol, signed.token);
        const result = await callOperation(clientWith(gp, created.key), protocol, 'mutation', 'auth.revokeApiKey', { id: created.id });
        expect(result).toMatchObject({ ok: true, data: { id: created.id } });
        expectRefused(await rawCall(gp, protocol, 'auth.me', {}, bearer(created.key)), protocol, 'UNAUTHENTICATED');
      });

      it("refuses someone else's key with NOT_FOUND and leaves it working", async () => {
        const owner = await signUp(gp, 'owner', protocol);
        const other = await signUp(gp, 'other', protocol);
        const created = await createKey(protocol, owner.token);
        const result = await callOperation(clientWith(gp, other.token), protocol, 'mutation', 'auth.revokeApiKey', { id: created.id });
        expect(result).toMatchObject({ ok: false, code: 'NOT_FOUND' });
        expect((await keyRow(created.id))?.revokedAt).toBeNull();
        const me = await callOperation(clientWith(gp, created.key), protocol, 'query', 'auth.me', {});
        expect(me).toMatchObject({ ok: true, data: { id: owner.userId } });
      });

      it('answers NOT_FOUND for a key already revoked', async () => {
        const signed = await signUp(gp, 'revoketwice', protocol);
        const created = await createKey(protocol, signed.token);
        const client = clientWith(gp, signed.token);
        expect((await callOperation(client, protocol, 'mutation', 'auth.revokeApiKey', { id: created.id })).ok).toBe(true);
        expect(await callOperation(client, protocol, 'mutation', 'auth.revokeApiKey', { id: created.id })).toMatchObject({
          ok: false,
          code: 'NOT_FOUND',
        });
      });

      it('leaves the sessions of the key owner working', async () => {
        const signed = await signUp(gp, 'keepsession', protocol);
        const created = await createKey(protocol, signed.token);
        await callOperation(clientWith(gp, signed.token), protocol, 'mutation', 'auth.revokeApiKey', { id: created.id });
        expect(await callOperation(clientWith(gp, signed.token), protocol, 'query', 'auth.me', {})).toMatchObject({
          ok: true,
          data: { id: signed.userId },
        });
      });
    });
  });
});
