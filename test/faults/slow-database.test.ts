// A database that is slow or gone must cost a caller seconds, not a queue: gatepost (a child
// process, configured through its environment) answers UNAVAILABLE within the bounds it was given
// — DATABASE_CONNECT_TIMEOUT_MS for connections that go unanswered or answer late,
// DATABASE_STATEMENT_TIMEOUT_MS for a write stuck behind a lock — and however long an outage
// lasts, each call is tried at once rather than after a reconnect backoff grown to 20 s.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useFaultDatabase } from './fault-database';
import { startGatepostProcess, type GatepostProcess } from './gatepost-process';
import { startPostgresProxy, type PostgresProxy } from './postgres-proxy';

const CONNECT_TIMEOUT_MS = 1500;
const STATEMENT_TIMEOUT_MS = 1500;
/** What a loaded two-core machine may add to a bound: a process start-up, a scheduler hiccup. */
const SLACK_MS = 2000;

interface TimedAnswer {
  readonly status: number;
  readonly code: string | undefined;
  readonly elapsedMs: number;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('gatepost on a slow or missing database', () => {
  const database = useFaultDatabase();
  let proxy: PostgresProxy;
  let gatepost: GatepostProcess;

  beforeAll(async () => {
    proxy = await startPostgresProxy(database.current.url);
    gatepost = await startGatepostProcess({
      databaseUrl: proxy.url,
      env: {
        DATABASE_POOL_SIZE: '4',
        DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
        DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      },
    });
  });
  afterEach(async () => {
    await proxy.restore();
  });
  afterAll(async () => {
    await gatepost?.kill();
    await proxy?.close();
  });

  /** A contact over tRPC, no retries, timed; given up (status 0) after 25 s. */
  async function submitContact(): Promise<TimedAnswer> {
    const started = performance.now();
    try {
      const response = await fetch(`${gatepost.url}/trpc/contacts.submit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ name: 'Ada', email: `slow-${randomUUID()}@example.com` }),
        signal: AbortSignal.timeout(25_000),
      });
      const body = (await response.json()) as { error?: { data?: { code?: string } } };
      return { status: response.status, code: body.error?.data?.code, elapsedMs: performance.now() - started };
    } catch {
      return { status: 0, code: undefined, elapsedMs: performance.now() - started };
    }
  }

  it('answers UNAVAILABLE within the connect timeout when new connections go unanswered', async () => {
    proxy.cutAll('reset');
    proxy.hold();
    const answer = await submitContact();
    expect(answer).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    expect(answer.elapsedMs).toBeLessThan(CONNECT_TIMEOUT_MS + SLACK_MS);
  });

  it('answers UNAVAILABLE within the connect timeout when the database replies too slowly', async () => {
    proxy.cutAll('reset');
    proxy.delayReplies(20_000);
    const answer = await submitContact();
    expect(answer).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    expect(answer.elapsedMs).toBeLessThan(CONNECT_TIMEOUT_MS + SLACK_MS);
  });

  it('still answers within seconds late in a long outage, when every connection attempt has failed', async () => {
    proxy.cutAll('close');
    await proxy.refuse();
    const answers: TimedAnswer[] = [];
    for (const until = Date.now() + 8000; Date.now() < until; await sleep(200)) answers.push(await submitContact());
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 503));
    expect(Math.max(...answers.map((answer) => answer.elapsedMs))).toBeLessThan(SLACK_MS + 1000);
  });

  it('answers UNAVAILABLE after the statement timeout when a write waits on a lock', async () => {
    const lockHeld = database.current.handle.db.transaction(async (tx) => {
      await tx.execute(sql`lock table contacts in access exclusive mode`);
      await sleep(STATEMENT_TIMEOUT_MS + SLACK_MS + 3000);
    });
    try {
      await sleep(200);
      const answer = await submitContact();
      expect(answer).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
      expect(answer.elapsedMs).toBeGreaterThanOrEqual(STATEMENT_TIMEOUT_MS - 100);
      expect(answer.elapsedMs).toBeLessThan(STATEMENT_TIMEOUT_MS + SLACK_MS);
    } finally {
      await lockHeld;
    }
  });
});
