// However the database goes away — refusing connections, or ending a write's connection with
// PostgreSQL's own FATAL 57P01 (a restart), a plain close or a reset — the call is answered
// UNAVAILABLE with Retry-After and marked retryable, over tRPC and GraphQL alike, and the same
// Idempotency-Key sent again once the database is back completes the write.
import { randomUUID } from 'node:crypto';
import { tables } from '@gatepost/db';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOLS } from '../helpers/protocols';
import { rawOperation } from '../helpers/raw-operation';
import { startGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';
import { expectUnavailable } from './expect-unavailable';
import type { CutStyle } from './postgres-proxy';
import { useProxiedDatabase } from './proxied-database';

const CUT_STYLES: readonly CutStyle[] = ['admin-shutdown', 'close', 'reset'];

describe.each(PROTOCOLS)('a contact submitted over %s while the database is away', (protocol) => {
  const proxied = useProxiedDatabase({ timeouts: { connectMs: 2000 } });
  let gp: GatepostUnderTest;

  beforeAll(async () => {
    gp = await startGatepost({ database: proxied.database });
  });
  afterEach(async () => {
    await proxied.proxy.restore();
  });
  afterAll(async () => {
    await gp?.close();
  });

  const submit = (email: string, key: string) =>
    rawOperation(gp, protocol, 'contacts.submit', { name: 'Ada', email, message: 'Hello' }, { 'idempotency-key': key });
  const contactsWith = (email: string) => proxied.direct.handle.db.select().from(tables.contacts).where(eq(tables.contacts.email, email));

  it('is answered UNAVAILABLE, retryable, with Retry-After while new connections are refused', async () => {
    proxied.proxy.cutAll('close');
    await proxied.proxy.refuse();
    expectUnavailable(await submit(`refused-${randomUUID()}@example.com`, randomUUID()), protocol);
  });

  // A signed-in call's session is looked up in a Fastify hook, before the pipeline (and its error
  // mapping) runs: found by restarting the real server (postgres-restarts.test.ts), where it was 500.
  it('is answered UNAVAILABLE, retryable, with Retry-After when its session cannot be looked up', async () => {
    const email = `signed-in-${randomUUID()}@example.com`;
    const password = 'a-long-enough-password';
    await gp.anonymousClient().trpc.auth.register.mutate({ email, password, displayName: 'Ada' });
    const { token } = await gp.anonymousClient().trpc.auth.login.mutate({ email, password });
    proxied.proxy.cutAll('close');
    await proxied.proxy.refuse();
    const answer = await rawOperation(
      gp,
      protocol,
      'contacts.submit',
      { name: 'Ada', email, message: 'Hello' },
      { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
    );
    // Refused before GraphQL ran, as a rate limit is: the status says it, over both protocols.
    expect(answer.status).toBe(503);
    expect(answer.outcome, JSON.stringify(answer.body)).toMatchObject({ ok: false, code: 'UNAVAILABLE', retryable: true });
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it.each(CUT_STYLES)(
    'is answered UNAVAILABLE when its write is cut off (%s), and written once when the key is sent again',
    async (style) => {
      const email = `cut-${style}-${randomUUID()}@example.com`;
      const key = randomUUID();
      // The contact's values travel in the write's own message: the cut lands on the write itself.
      proxied.proxy.cutWhenClientSends(email, style);
      expectUnavailable(await submit(email, key), protocol);
      expect(await contactsWith(email)).toEqual([]);

      const retried = await submit(email, key);
      expect(retried.outcome, JSON.stringify(retried.body)).toMatchObject({ ok: true });
      expect(await contactsWith(email)).toHaveLength(1);
    },
  );
});
