// SIGTERM to a gatepost process in the middle of a keyed order load over keep-alive connections.
// The stop must answer every request it had taken (its real answer, or the catalog's 503 with
// Retry-After), refuse what comes after, and exit 0 within SHUTDOWN_TIMEOUT_MS; the database must
// hold exactly the orders that were acknowledged. A second run adds an order blocked on a row
// lock the test holds: it must be rolled back and answered 503 by the drain deadline.
import { tables } from '@gatepost/db';
import { inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../helpers/databases';
import { useFaultDatabase } from './fault-database';
import {
  SHUTDOWN_TIMEOUT_MS,
  inFlightAt,
  is2xx,
  isCatalog503,
  runSigtermUnderLoad,
  wasRefused,
  type SigtermScenario,
} from './sigterm-scenario';

/** Time for a signal to arrive and a process to end, on a busy two-core machine. */
const EXIT_MARGIN_MS = 250;

async function ordersOf(database: TestDatabase, userIds: string[]): Promise<string[]> {
  const rows = await database.handle.db.select({ id: tables.orders.id }).from(tables.orders).where(inArray(tables.orders.userId, userIds));
  return rows.map((row) => row.id).sort();
}

/** What every SIGTERM under load must hold, blocked call or not. */
function itAnswersTheLoad(run: () => SigtermScenario, database: { readonly current: TestDatabase }): void {
  it('had requests in flight when SIGTERM arrived', () => {
    expect(run().requests.filter(inFlightAt(run().sigtermAt)).length).toBeGreaterThan(0);
  });

  it('gives every request a whole answer or a refused connection: none is reset or left without a response', () => {
    expect(
      run()
        .requests.filter((request) => request.outcome?.kind === 'failed')
        .map((request) => request.outcome),
    ).toEqual([]);
  });

  it('answers each request in flight at SIGTERM with its 2xx or the catalog 503 with Retry-After', () => {
    const inFlight = run().requests.filter(inFlightAt(run().sigtermAt));
    expect(inFlight.filter((request) => !is2xx(request) && !isCatalog503(request)).map((request) => request.outcome)).toEqual([]);
  });

  it('answers a request sent after SIGTERM with the catalog 503 (on a kept-alive connection) or refuses its new connection', () => {
    const after = run().requests.filter((request) => request.sentAt >= run().sigtermAt);
    // A 2xx here is a request that reached gatepost before the signal did.
    const otherwise = after.filter((request) => !is2xx(request) && !isCatalog503(request) && !wasRefused(request));
    expect(otherwise.map((request) => request.outcome)).toEqual([]);
    // Each writer ends on a refused connection: the listener closed as the stop began.
    expect(after.filter(wasRefused)).toHaveLength(run().writers);
  });

  it('holds exactly the acknowledged orders: every 2xx was committed, nothing else was', async () => {
    const acknowledged = run()
      .requests.filter(is2xx)
      .map((request) => (request.outcome?.kind === 'answered' ? request.outcome.orderId : undefined));
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(await ordersOf(database.current, run().loadUserIds)).toEqual([...acknowledged].sort());
  });
}

describe('SIGTERM to a gatepost process under a keyed order load', () => {
  const database = useFaultDatabase();
  let scenario: SigtermScenario;
  beforeAll(async () => {
    scenario = await runSigtermUnderLoad(database.current, { blockedCall: false });
  });

  itAnswersTheLoad(() => scenario, database);

  it('exits with code 0 within SHUTDOWN_TIMEOUT_MS', () => {
    expect(scenario.exitCode, scenario.output).toBe(0);
    expect(scenario.exitedAfterMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS + EXIT_MARGIN_MS);
  });
});

describe('SIGTERM under load with one more order blocked on a row lock the test holds', () => {
  const database = useFaultDatabase();
  let scenario: SigtermScenario;
  beforeAll(async () => {
    scenario = await runSigtermUnderLoad(database.current, { blockedCall: true });
  });

  itAnswersTheLoad(() => scenario, database);

  it('keeps nothing of the blocked call: its transaction was rolled back', async () => {
    expect(await ordersOf(database.current, [scenario.blocked?.userId ?? ''])).toEqual([]);
  });

  // At the drain deadline the stop cancels calls still running (app.cancelRunningCalls): the
  // blocked SELECT … FOR UPDATE gets PostgreSQL's cancel, the transaction rolls back, and the
  // call answers 503 before the process exits.
  it('answers the blocked call 503 UNAVAILABLE with Retry-After, within SHUTDOWN_TIMEOUT_MS', () => {
    const blocked = scenario.blocked?.request;
    expect(blocked?.outcome).toMatchObject({ kind: 'answered', status: 503, retryAfter: true, code: 'UNAVAILABLE' });
    expect((blocked?.settledAt ?? Infinity) - scenario.sigtermAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
  });

  it('exits with code 0 within SHUTDOWN_TIMEOUT_MS', () => {
    expect(scenario.exitCode, scenario.output).toBe(0);
    expect(scenario.exitedAfterMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS + EXIT_MARGIN_MS);
  });
});
