// Helpers for the concurrency suites, run on the embedded and the external PostgreSQL alike: real
// servers with real pools, where requests truly race.
import { randomUUID } from 'node:crypto';
import { openDatabase } from '@gatepost/db';
import { sql } from 'drizzle-orm';
import { createSimulatedPaymentProvider, type SimulatedPaymentProvider } from '@gatepost/server';
import { afterAll, beforeAll, describe } from 'vitest';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import type { TestDatabase } from '../helpers/databases';
import type { Protocol } from '../helpers/protocols';
import { rawOperation, type RawAnswer, type RawOperation } from '../helpers/raw-operation';
import type { GatepostUnderTest } from '../helpers/start-gatepost';

/**
 * Connections each server under test gets. buildApp takes an opened database (the config's
 * databasePoolSize is read only by start.ts), so the pool is sized where it is opened: here.
 */
export const SERVER_POOL_SIZE = 20;

/** A race of a few hundred requests on a loaded two-core machine takes seconds; give its hook room. */
export const RACE_TIMEOUT_MS = 120_000;
/**
 * The races' servers give each call this long (REQUEST_DEADLINE_MS): they check what the database
 * keeps when hundreds of calls contend, and on a loaded CI machine the last of 100 inserts queued on
 * one exclusion constraint can wait past the 10 s default. The deadline has its own suite.
 */
export const RACE_SERVER_CONFIG = { requestDeadlineMs: RACE_TIMEOUT_MS };

/**
 * The same database through a pool of its own, as another process would open it: a server
 * started on it shares no connection (and no in-process state) with one started on another.
 */
export function usePool(database: { readonly current: TestDatabase }, poolSize = SERVER_POOL_SIZE): { readonly current: TestDatabase } {
  let pooled: TestDatabase | undefined;
  beforeAll(async () => {
    // As RACE_SERVER_CONFIG: one statement queued on a contended row may wait past the 10 s default.
    const handle = await openDatabase({ url: database.current.url, poolSize, timeouts: { statementMs: RACE_TIMEOUT_MS } });
    pooled = { kind: database.current.kind, url: database.current.url, handle, close: () => handle.close() };
  });
  afterAll(async () => {
    await pooled?.close();
  });
  return {
    get current() {
      if (!pooled) throw new Error('the pool is not open yet (use it inside a test or hook)');
      return pooled;
    },
  };
}

/** Several users signed in through the real API, so a crowd of requests comes from several principals. */
export async function signUpMany(gp: GatepostUnderTest, count: number, label: string): Promise<SignedIn[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => signUp(gp, `${label}-${index}`)));
}

/** Sends every request at once and waits for all the answers, timing the whole race. */
export async function race(requests: readonly (() => Promise<RawAnswer>)[]): Promise<{ answers: RawAnswer[]; elapsedMs: number }> {
  const started = performance.now();
  const answers = await Promise.all(requests.map((send) => send()));
  return { answers, elapsedMs: Math.round(performance.now() - started) };
}

/** One raw call by one user with a key of its own (or the one given): nothing here is retried. */
export function sendAs(
  gp: GatepostUnderTest,
  protocol: Protocol,
  operation: RawOperation,
  input: unknown,
  user: SignedIn,
  key = randomUUID(),
) {
  return () => rawOperation(gp, protocol, operation, input, { ...bearer(user.token), 'idempotency-key': key });
}

/** A simulated provider whose authorisations can be held in flight on demand, to stage a race deterministically. */
export interface GatedPaymentProvider extends SimulatedPaymentProvider {
  /** Holds every authorisation from now on until `release()`; `waiting` resolves once one is held. */
  hold(): { readonly waiting: Promise<void>; release(): void };
}

export function gatedPaymentProvider(): GatedPaymentProvider {
  const inner = createSimulatedPaymentProvider();
  let gate: { reached(): void; opened: Promise<void> } | undefined;
  return {
    ...inner,
    hold() {
      let reached!: () => void;
      let release!: () => void;
      const waiting = new Promise<void>((resolve) => (reached = resolve));
      const opened = new Promise<void>((resolve) => (release = resolve));
      gate = { reached, opened };
      return {
        waiting,
        release() {
          gate = undefined;
          release();
        },
      };
    },
    async authorise(request) {
      if (gate) {
        gate.reached();
        await gate.opened;
      }
      return inner.authorise(request);
    },
  };
}

/** How many answers fall in each group, e.g. `{ OK: 50, CONFLICT: 150 }`. */
export function tally<T>(values: readonly T[], groupOf: (value: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[groupOf(value)] = (counts[groupOf(value)] ?? 0) + 1;
  return counts;
}

/**
 * Runs `work`; if it is still running after `afterMs`, prints what the database's sessions are
 * doing and the server's warnings, so a race that stalls on a loaded machine says why.
 */
export async function reportingStalls<T>(
  label: string,
  database: { readonly current: TestDatabase },
  gp: GatepostUnderTest,
  work: () => Promise<T>,
  afterMs = RACE_TIMEOUT_MS / 2,
): Promise<T> {
  const timer = setTimeout(() => {
    void describeSessions(database.current)
      .then((sessions) => {
        const warnings = gp.logs.filter((line) => Number(line.level) >= 40).slice(-20);
        console.warn(`[stall] ${label} still running after ${afterMs} ms\nsessions: ${sessions}\nwarnings: ${JSON.stringify(warnings)}`);
      })
      .catch((error: unknown) => console.warn(`[stall] ${label}: could not read pg_stat_activity`, error));
  }, afterMs);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
  }
}

async function describeSessions(database: TestDatabase): Promise<string> {
  const rows = await database.handle.db.execute(
    sql`select pid, state, wait_event_type, wait_event, backend_xid, backend_xmin,
          round(extract(epoch from now() - xact_start)) as xact_seconds, round(extract(epoch from now() - query_start)) as query_seconds,
          pg_blocking_pids(pid) as blocked_by, left(query, 160) as query
        from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() order by xact_start nulls last`,
  );
  return JSON.stringify(rows, null, 1);
}
