import { randomUUID } from 'node:crypto';
import { tables } from '@gatepost/db';
import { inArray } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { forEachProtocol } from '../helpers/protocols';
import { codeOf, dataOf, rawOperation } from '../helpers/raw-operation';
import { useGatepost } from '../helpers/start-gatepost';

// FAST_PATHS=false sends every request through tRPC's and yoga's own adapters: keys still hold.
forEachDatabase((database) => {
  const gp = useGatepost(database, { config: { fastPaths: false } });
  const contact = () => ({ name: 'Ada', email: `official.${randomUUID()}@example.com` });

  forEachProtocol((protocol) => {
    it('replays a keyed call through the official adapter, with Idempotent-Replayed: true', async () => {
      const headers = { 'idempotency-key': randomUUID() };
      const input = contact();
      const first = dataOf(await rawOperation(gp, protocol, 'contacts.submit', input, headers));
      const again = await rawOperation(gp, protocol, 'contacts.submit', input, headers);
      expect(dataOf(again)).toEqual(first);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    });

    it('refuses a reused key with another input through the official adapter', async () => {
      const headers = { 'idempotency-key': randomUUID() };
      dataOf(await rawOperation(gp, protocol, 'contacts.submit', contact(), headers));
      expect(codeOf(await rawOperation(gp, protocol, 'contacts.submit', contact(), headers))).toBe('IDEMPOTENCY_KEY_REUSED');
    });
  });

  it('refuses a keyed tRPC batch it cannot key call by call, saying why, and runs none of it', async () => {
    const calls = [contact(), contact()];
    const response = await gp.anonymousFetch('/trpc/contacts.submit,contacts.submit?batch=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ 0: calls[0], 1: calls[1] }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Idempotency-Key');
    const written = await database.current.handle.db
      .select()
      .from(tables.contacts)
      .where(
        inArray(
          tables.contacts.email,
          calls.map((call) => call.email),
        ),
      );
    expect(written).toHaveLength(0);
  });
});
