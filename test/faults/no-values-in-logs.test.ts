// A write that fails is logged (a warning when the database went away, an error when it is a
// bug), and the error behind it carries the query's values: Drizzle's `params`, PostgreSQL's
// "Failing row contains (…)". None of them — emails, password hashes, messages — may reach a log.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawOperation } from '../helpers/raw-operation';
import { startGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';
import { expectUnavailable } from './expect-unavailable';
import { useProxiedDatabase } from './proxied-database';

const PASSWORD = 'a-password-of-the-users-own';
/** The scrypt hash's prefix at the test servers' cost (N = 2^10): the hash itself is salted, unknown to the test. */
const HASH_PREFIX = 'scrypt$1024$';

function loggedLinesOf(gp: GatepostUnderTest, message: string): Record<string, unknown>[] {
  return gp.logs.filter((line) => line.msg === message);
}

describe('logs of a failed write', () => {
  const proxied = useProxiedDatabase();
  let gp: GatepostUnderTest;

  beforeAll(async () => {
    gp = await startGatepost({ database: proxied.database });
  });
  afterAll(async () => {
    await gp?.close();
  });

  it('carry neither the email nor the password hash of a sign-up whose write lost the database', async () => {
    const email = `signup-${randomUUID()}@example.com`;
    proxied.proxy.cutWhenClientSends('insert into "users"');
    const answer = await rawOperation(
      gp,
      'trpc',
      'auth.register',
      { email, password: PASSWORD, displayName: 'Ada' },
      { 'idempotency-key': randomUUID() },
    );

    expectUnavailable(answer, 'trpc');
    expect(loggedLinesOf(gp, 'database unavailable').length).toBeGreaterThan(0);
    const logs = gp.rawLogs.join('\n');
    expect(logs).not.toContain(email);
    expect(logs).not.toContain(HASH_PREFIX);
    expect(logs).not.toContain(PASSWORD);
  });

  it('carry none of the row PostgreSQL quotes when it refuses a write for a reason no caller can fix', async () => {
    // A CHECK no row can pass and no message names: PostgreSQL answers 23514 with
    // "Failing row contains (…)" in its detail, and gatepost answers 500 and logs the error.
    await proxied.direct.handle.db.execute(sql.raw('alter table contacts add constraint refuses_every_row check (false) not valid'));
    const email = `refused-${randomUUID()}@example.com`;
    const message = `Private words ${randomUUID()}`;
    try {
      const answer = await rawOperation(gp, 'trpc', 'contacts.submit', { name: 'Linus', email, message });
      expect(answer.status).toBe(500);
    } finally {
      await proxied.direct.handle.db.execute(sql.raw('alter table contacts drop constraint refuses_every_row'));
    }
    const errorLines = loggedLinesOf(gp, 'unexpected error');
    expect(errorLines.length).toBeGreaterThan(0);
    // Still useful to whoever reads it: the SQLSTATE and the constraint are there.
    expect(JSON.stringify(errorLines)).toContain('refuses_every_row');
    const logs = gp.rawLogs.join('\n');
    expect(logs).not.toContain(email);
    expect(logs).not.toContain(message);
  });
});
