import { randomBytes } from 'node:crypto';
import { tables } from '@gatepost/db';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { callOperation, forEachProtocol } from '../helpers/protocols';
import { useGatepost } from '../helpers/start-gatepost';

forEachDatabase((database) => {
  const gp = useGatepost(database);

  async function usersWithEmail(email: string): Promise<number> {
    const rows = await database.current.handle.db
      .select()
      .from(tables.users)
      .where(sql`lower(${tables.users.email}) = lower(${email})`);
    return rows.length;
  }

  forEachProtocol((protocol) => {
    it('answers CONFLICT on the email field when the email is already taken in another letter case', async () => {
      const email = `taken.${randomBytes(4).toString('hex')}@example.com`;
      const first = await callOperation(gp.client, protocol, 'mutation', 'users.create', { email, displayName: 'First' });
      const second = await callOperation(gp.client, protocol, 'mutation', 'users.create', {
        email: email.toUpperCase(),
        displayName: 'Second',
      });
      expect(first.ok).toBe(true);
      expect(second).toMatchObject({
        ok: false,
        code: 'CONFLICT',
        message: 'email: is already taken',
        issues: [{ path: ['email'], message: 'is already taken' }],
      });
      expect(await usersWithEmail(email)).toBe(1);
    });
  });

  it('lets exactly one of 20 racing creates of one email win, the rest CONFLICT', async () => {
    const email = `race.${randomBytes(4).toString('hex')}@example.com`;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        callOperation(gp.newClient({ batch: false }), index % 2 ? 'graphql' : 'trpc', 'mutation', 'users.create', {
          email: index % 3 ? email : email.toUpperCase(),
          displayName: `Racer ${index}`,
        }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.code === 'CONFLICT')).toHaveLength(19);
    expect(await usersWithEmail(email)).toBe(1);
  });
});
