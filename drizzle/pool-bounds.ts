import type { Options, PostgresType } from 'postgres';

/**
 * How long the pool waits on PostgreSQL before it gives up, so that during an outage a request is
 * answered 503 within seconds instead of queueing behind connection attempts.
 */
export interface DatabaseTimeouts {
  /** Longest wait for a new connection to be ready (TCP, then PostgreSQL's startup). @default 5000 */
  readonly connectMs: number;
  /** PostgreSQL's `statement_timeout` for the pool's sessions; 0 turns it off. @default 10000 */
  readonly statementMs: number;
  /** PostgreSQL's `idle_in_transaction_session_timeout` for the pool's sessions; 0 turns it off. @default 10000 */
  readonly idleInTransactionMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { connectMs: 5000, statementMs: 10_000, idleInTransactionMs: 10_000 };

/**
 * The longest pause before a connection is tried again after a failed one. postgres.js's own
 * backoff grows to 10–20 s after seven failures in a row (3^n/100 s, capped at 20), and that
 * count only resets on a success: a request arriving late in an outage, or just after it, waits
 * that long before anything is even tried. Capped at one second, a dead database costs at most a
 * pool's worth of refused connections per second, and a revived one is used at once.
 */
const MAX_RECONNECT_DELAY_SECONDS = 1;

function reconnectDelaySeconds(failuresInARow: number): number {
  return (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** failuresInARow, MAX_RECONNECT_DELAY_SECONDS);
}

/** postgres.js options that bound every wait on the server. */
export function poolBounds(timeouts: DatabaseTimeouts): Partial<Options<Record<string, PostgresType>>> {
  return {
    connect_timeout: timeouts.connectMs / 1000,
    backoff: reconnectDelaySeconds,
    // Sent in the startup packet, so they cost no round trip; a DATABASE_URL's own
    // `?statement_timeout=` still wins (postgres.js applies the URL's parameters last).
    connection: {
      statement_timeout: timeouts.statementMs,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    },
  };
}
