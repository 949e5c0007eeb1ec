import type { DatabaseHandle } from '@gatepost/db';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { closeIdleConnectionsNow, leaveIdleConnectionsOpenOnClose } from './idle-connections-at-close';

/** What the stop keeps back from its deadline to end the database and answer the calls it cut short. */
const MARGIN_MS = 1000;
/**
 * Long enough for connections destroyed at the deadline to emit 'close', and for cancelled calls to
 * roll back and answer (a cancel and a ROLLBACK: a few round trips to PostgreSQL).
 */
const CANCEL_SETTLE_MS = 500;

/**
 * A graceful stop that ends within `deadlineMs`. The app stops taking connections and lets the
 * requests in flight finish; keep-alive connections stay open until their next request is answered
 * (with `Connection: close`) or they time out (idle-connections-at-close.ts), and those still idle
 * at the deadline are closed then. A call still running near the deadline (blocked on a row lock,
 * say) is cancelled as at its own request deadline: PostgreSQL's cancel, ROLLBACK, 503 UNAVAILABLE
 * with Retry-After — rather than the process exiting under it, leaving an empty reply and a
 * transaction the client cannot know the fate of. Only what is still running after that (a single
 * statement, which the cancel does not reach) has its database connection ended.
 */
export async function stopWithin(
  app: FastifyInstance,
  database: DatabaseHandle,
  deadlineMs: number,
  log: Logger,
  /** Background work to finish while the database is still open (the payment reconciler's pass). */
  beforeClosingDatabase: () => Promise<void> = async () => {},
): Promise<void> {
  leaveIdleConnectionsOpenOnClose(app.server);
  const closed = app.close();
  const drainMs = Math.max(deadlineMs - MARGIN_MS, deadlineMs / 2);
  if (!(await settlesWithin(closed, drainMs))) {
    closeIdleConnectionsNow(app.server);
    // Calls still running get PostgreSQL's cancel and roll back, answering 503 (runTransaction).
    app.cancelRunningCalls();
    if (!(await settlesWithin(closed, CANCEL_SETTLE_MS))) {
      log.warn({ drainMs }, 'requests still running at the drain deadline: ending their database connections');
      await endConnectionsNow(database);
    }
  }
  await closed;
  await beforeClosingDatabase();
  await database.close();
}

/**
 * postgres.js `end({ timeout: 0 })` through drizzle's documented `db.$client`: DatabaseHandle's
 * close() waits 5 s for running queries first, which a query waiting on a lock spends in full.
 */
async function endConnectionsNow(database: DatabaseHandle): Promise<void> {
  const client = (database.db as { $client?: { end(options: { timeout: number }): Promise<void> } }).$client;
  await client?.end({ timeout: 0 });
}

function settlesWithin(promise: Promise<unknown>, milliseconds: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), milliseconds);
  });
  const settled = promise.then(
    () => true,
    () => true,
  );
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}
