import { tables } from '@gatepost/db';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { callOperation, forEachProtocol } from '../helpers/protocols';
import { useGatepost } from '../helpers/start-gatepost';

// PostgreSQL cannot store a NUL character in text (SQLSTATE 22021). It used to reach clients as
// a 500 INTERNAL; a value the database refuses is the caller's input, so it is VALIDATION_FAILED.
forEachDatabase((database) => {
  const gp = useGatepost(database);

  forEachProtocol((protocol) => {
    it('refuses a message holding a NUL character as invalid input and stores nothing', async () => {
      const email = `nul.${protocol}.${Date.now()}@example.com`;
      const result = await callOperation(gp.client, protocol, 'mutation', 'contacts.submit', { name: 'Nul', email, message: 'a\u0000b' });
      expect(result).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
      expect(await database.current.handle.db.select().from(tables.contacts).where(eq(tables.contacts.email, email))).toHaveLength(0);
    });
  });
});
