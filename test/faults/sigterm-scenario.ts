// The SIGTERM-under-load scenario, run once per describe block: gatepost as a child process with a
// short SHUTDOWN_TIMEOUT_MS, a keyed order load over keep-alive connections (recorded-order-load.ts)
// and, optionally, one more order blocked on a product row the test holds locked. SIGTERM after
// the load has run a while; then everything is waited for and kept for the tests to read.
import { randomUUID } from 'node:crypto';
import { createProduct } from '../helpers/commerce';
import type { TestDatabase } from '../helpers/databases';
import { startGatepostProcess } from './gatepost-process';
import { signUpWriters } from './order-writers';
import { placeOrder, startRecordedOrderLoad, type RecordedRequest } from './recorded-order-load';
import { lockProductRow } from './row-lock';

export const SHUTDOWN_TIMEOUT_MS = 3000;
const WRITERS = 16;
const LOAD_BEFORE_SIGTERM_MS = 1500;

export interface SigtermScenario {
  readonly writers: number;
  readonly sigtermAt: number;
  /** The load's requests, each with when it was sent and settled, and how. */
  readonly requests: RecordedRequest[];
  readonly loadUserIds: string[];
  /** The call blocked on the row lock, and its user, when the scenario had one. */
  readonly blocked?: { readonly request: RecordedRequest; readonly userId: string };
  readonly exitCode: number | string;
  readonly exitedAfterMs: number;
  readonly output: string;
}

export const is2xx = (request: RecordedRequest) => request.outcome?.kind === 'answered' && request.outcome.status < 300;
export const isCatalog503 = (request: RecordedRequest) =>
  request.outcome?.kind === 'answered' &&
  request.outcome.status === 503 &&
  request.outcome.retryAfter &&
  request.outcome.code === 'UNAVAILABLE';
export const wasRefused = (request: RecordedRequest) => request.outcome?.kind === 'refused';
export const inFlightAt = (at: number) => (request: RecordedRequest) => request.sentAt < at && (request.settledAt ?? Infinity) >= at;

export async function runSigtermUnderLoad(database: TestDatabase, options: { readonly blockedCall: boolean }): Promise<SigtermScenario> {
  const gatepost = await startGatepostProcess({ databaseUrl: database.url, env: { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) } });
  try {
    const users = await signUpWriters(gatepost.url, WRITERS + 1);
    const writers = users.slice(0, WRITERS);
    const products = await Promise.all(writers.map(() => createProduct(database, { stock: 1_000_000 })));
    const blockedUser = users[WRITERS];
    const lockedProduct = await createProduct(database, { stock: 10 });
    const lock = options.blockedCall ? await lockProductRow(database.url, lockedProduct.id) : undefined;
    try {
      const blockedCall =
        lock && blockedUser
          ? placeOrder({ url: gatepost.url, token: blockedUser.token, key: randomUUID(), productId: lockedProduct.id }, blockedUser.userId)
          : undefined;
      await lock?.someoneWaits();
      const load = startRecordedOrderLoad(
        gatepost.url,
        writers,
        products.map((product) => product.id),
      );
      await new Promise((resolve) => setTimeout(resolve, LOAD_BEFORE_SIGTERM_MS));

      const sigtermAt = Date.now();
      gatepost.child.kill('SIGTERM');
      const exitCode = await gatepost.exited;
      const exitedAfterMs = Date.now() - sigtermAt;
      const scenario: SigtermScenario = {
        writers: WRITERS,
        sigtermAt,
        requests: await load.finished,
        loadUserIds: writers.map((writer) => writer.userId),
        ...(blockedCall && blockedUser ? { blocked: { request: await blockedCall, userId: blockedUser.userId } } : {}),
        exitCode,
        exitedAfterMs,
        output: gatepost.output(),
      };
      console.log(summaryOf(scenario));
      return scenario;
    } finally {
      await lock?.release();
    }
  } finally {
    await gatepost.kill();
  }
}

/** One line: in flight at SIGTERM, how they were answered, what came after, resets, the exit. */
function summaryOf(scenario: SigtermScenario): string {
  const { requests, sigtermAt, blocked } = scenario;
  const inFlight = requests.filter(inFlightAt(sigtermAt));
  const after = requests.filter((request) => request.sentAt >= sigtermAt);
  const blockedOutcome = blocked?.request.outcome;
  return (
    `[faults] SIGTERM under load${blocked ? ' with a call blocked on a row lock' : ''}: ${scenario.writers} keyed writers, ` +
    `${inFlight.length} in flight at SIGTERM (${inFlight.filter(is2xx).length} answered 2xx, ${inFlight.filter(isCatalog503).length} 503); ` +
    `after SIGTERM ${after.filter(is2xx).length} 2xx, ${after.filter(isCatalog503).length} 503, ${after.filter(wasRefused).length} refused; ` +
    `resets ${requests.filter((request) => request.outcome?.kind === 'failed').length}; ` +
    (blocked
      ? `blocked call ${blockedOutcome?.kind === 'answered' ? blockedOutcome.status : JSON.stringify(blockedOutcome)} ` +
        `after ${(blocked.request.settledAt ?? 0) - sigtermAt} ms; `
      : '') +
    `exit code ${scenario.exitCode} after ${scenario.exitedAfterMs} ms`
  );
}
