// Roles through the real server and client, over tRPC and GraphQL, on the embedded and the external PostgreSQL:
// users.create, users.createMany and users.get are for admins — the operator key, or a user whose
// `role` is 'admin' — while an anonymous caller gets 401 and a signed-in user 403, writing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { callOperation, forEachProtocol, type CallResult } from '../helpers/protocols';
import type { GatepostClient } from '@gatepost/client';
import { startGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';
import { clientWith, makeAdmin, signUp, uniqueEmail, usersWithEmail } from './helpers';

type Actor = 'anonymous' | 'user' | 'userApiKey' | 'operator' | 'dbAdmin';

interface AdminOperation {
  readonly name: 'users.create' | 'users.createMany' | 'users.get';
  readonly kind: 'mutation' | 'query';
  /** The input, and the emails it would create (none for a read). */
  make(existingUserId: string): { input: unknown; creates: string[] };
}

const ADMIN_OPERATIONS: readonly AdminOperation[] = [
  {
    name: 'users.create',
    kind: 'mutation',
    make: () => {
      const email = uniqueEmail('role-create');
      return { input: { email, displayName: 'Created' }, creates: [email] };
    },
  },
  {
    name: 'users.createMany',
    kind: 'mutation',
    make: () => {
      const emails = [uniqueEmail('role-many'), uniqueEmail('role-many')];
      return { input: { items: emails.map((email) => ({ email, displayName: 'Many' })) }, creates: emails };
    },
  },
  { name: 'users.get', kind: 'query', make: (id) => ({ input: { id }, creates: [] }) },
];

forEachDatabase((database) => {
  let gp: GatepostUnderTest;
  let existingUserId: string;
  const clients = {} as Record<Actor, GatepostClient>;

  beforeAll(async () => {
    gp = await startGatepost({ database: database.current });
    const user = await signUp(gp, 'plainuser');
    const admin = await signUp(gp, 'dbadmin');
    await makeAdmin(database.current, admin.userId);
    const keyResult = await callOperation(clientWith(gp, user.token), 'trpc', 'mutation', 'auth.createApiKey', { name: 'roles' });
    if (!keyResult.ok) throw new Error(`could not create an API key: ${keyResult.message}`);
    existingUserId = user.userId;
    clients.anonymous = gp.anonymousClient();
    clients.user = clientWith(gp, user.token);
    clients.userApiKey = clientWith(gp, (keyResult.data as { key: string }).key);
    clients.operator = gp.client;
    clients.dbAdmin = clientWith(gp, admin.token);
  });
  afterAll(async () => {
    await gp?.close();
  });

  forEachProtocol((protocol) => {
    describe.each(ADMIN_OPERATIONS)('$name', (operation) => {
      async function callAs(actor: Actor): Promise<{ result: CallResult; creates: string[] }> {
        const { input, creates } = operation.make(existingUserId);
        return { result: await callOperation(clients[actor], protocol, operation.kind, operation.name, input), creates };
      }

      async function expectNothingCreated(emails: readonly string[]): Promise<void> {
        for (const email of emails) expect(await usersWithEmail(database.current, email)).toEqual([]);
      }

      it('refuses an anonymous caller with UNAUTHENTICATED and writes nothing', async () => {
        const { result, creates } = await callAs('anonymous');
        expect(result).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
        await expectNothingCreated(creates);
      });

      it('refuses a signed-in user with FORBIDDEN and writes nothing', async () => {
        const { result, creates } = await callAs('user');
        expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
        await expectNothingCreated(creates);
      });

      it("refuses a user's API key with FORBIDDEN and writes nothing", async () => {
        const { result, creates } = await callAs('userApiKey');
        expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
        await expectNothingCreated(creates);
      });

      it('allows the operator key', async () => {
        const { result, creates } = await callAs('operator');
        expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
        for (const email of creates) expect(await usersWithEmail(database.current, email)).toHaveLength(1);
        if (operation.kind === 'query') expect(result).toMatchObject({ data: { id: existingUserId } });
      });

      it("allows a user whose role is 'admin' in the database", async () => {
        const { result, creates } = await callAs('dbAdmin');
        expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
        for (const email of creates) expect(await usersWithEmail(database.current, email)).toHaveLength(1);
        if (operation.kind === 'query') expect(result).toMatchObject({ data: { id: existingUserId } });
      });
    });

    it("takes a change of role in the database into account at the user's next request", async () => {
      const signed = await signUp(gp, 'promoted', protocol);
      const client = clientWith(gp, signed.token);
      const input = () => ({ email: uniqueEmail('promoted-create'), displayName: 'P' });
      expect(await callOperation(client, protocol, 'mutation', 'users.create', input())).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      await makeAdmin(database.current, signed.userId);
      expect(await callOperation(client, protocol, 'mutation', 'users.create', input())).toMatchObject({ ok: true });
    });
  });
});
