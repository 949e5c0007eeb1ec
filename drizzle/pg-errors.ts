import { GatepostError, refusal } from '@gatepost/shared';
import { constraintMessages, type ConstraintMessages } from './schema/index';

/**
 * SQLSTATE classes that mean something to a caller. Everything else is INTERNAL.
 * Mapped by code, never by message: messages carry SQL and parameter values.
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const UNIQUE_VIOLATION = '23505';
const EXCLUSION_VIOLATION = '23P01';
const CHECK_VIOLATION = '23514';
const SERIALIZATION_FAILURE = '40001';
const DEADLOCK_DETECTED = '40P01';
const CONNECTION_CLASS = '08';
/** Class 57P: the server is shutting down, restarting or refusing connections (57P01 admin_shutdown, 57P03 cannot_connect_now …). */
const SERVER_GOING_AWAY = '57P';
/**
 * The server gave up on the statement or the session, not on the data: statement_timeout fired
 * (57014 query_canceled, also a cancel request), a transaction sat idle past
 * idle_in_transaction_session_timeout (25P03), or a lock_timeout ran out (55P03). Running it
 * again later may well succeed, so the caller is told to retry, not that the server broke.
 */
const GAVE_UP_WAITING = new Set(['57014', '25P03', '55P03']);
/** Class 22, data exception: a value the database cannot store (a NUL byte in text, a number out of range). */
const DATA_EXCEPTION_CLASS = '22';
/** Errors of the connection itself (Node sockets, postgres.js), not of a statement. */
const CONNECTION_LOST = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

interface DatabaseErrorFields {
  readonly code: string;
  readonly constraint: string | undefined;
}

/** Finds the driver's error (postgres.js) behind drizzle's wrapper, if there is one. */
export function findDatabaseError(error: unknown): DatabaseErrorFields | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return undefined;
    const candidate = current as { code?: unknown; constraint_name?: unknown; constraint?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && (/^[0-9A-Z]{5}$/.test(candidate.code) || CONNECTION_LOST.has(candidate.code))) {
      const constraint = candidate.constraint_name ?? candidate.constraint;
      return { code: candidate.code, constraint: typeof constraint === 'string' ? constraint : undefined };
    }
    current = candidate.cause;
  }
  return undefined;
}

/**
 * A serialization failure or deadlock: PostgreSQL rolled the transaction back so that another
 * could go on (two INSERTs racing for one exclusion constraint deadlock by design). Running the
 * transaction again is safe and usually answers for real (the row the other one kept, a CONFLICT).
 */
export function isWriteCollision(error: unknown): boolean {
  const code = findDatabaseError(error)?.code;
  return code === SERIALIZATION_FAILURE || code === DEADLOCK_DETECTED;
}

/** Turns a database error into the catalog error a caller may see, or `undefined` when it is a bug (INTERNAL). */
export function mapDatabaseError(error: unknown): GatepostError | undefined {
  const found = findDatabaseError(error);
  if (!found) return undefined;
  const known = found.constraint ? constraintMessages[found.constraint] : undefined;
  if (found.code === UNIQUE_VIOLATION || found.code === EXCLUSION_VIOLATION) {
    return known ? conflictNaming(known, error) : new GatepostError('CONFLICT', undefined, { cause: error });
  }
  // A CHECK the caller can break (stock ≥ 0) names its field; any other broken CHECK is a bug.
  if (found.code === CHECK_VIOLATION && known) return conflictNaming(known, error);
  if (found.code.startsWith(DATA_EXCEPTION_CLASS)) {
    return refusal('VALUE_NOT_STORABLE', [], { cause: error });
  }
  if (found.code === SERIALIZATION_FAILURE || found.code === DEADLOCK_DETECTED) {
    return refusal('WRITE_COLLIDED', [], { cause: error, retryAfterSeconds: 1 });
  }
  if (
    found.code.startsWith(CONNECTION_CLASS) ||
    found.code.startsWith(SERVER_GOING_AWAY) ||
    CONNECTION_LOST.has(found.code) ||
    GAVE_UP_WAITING.has(found.code)
  ) {
    return new GatepostError('UNAVAILABLE', undefined, { cause: error, retryAfterSeconds: 5 });
  }
  return undefined;
}

function conflictNaming(known: ConstraintMessages[string], cause: unknown): GatepostError {
  return new GatepostError('CONFLICT', `${known.path.join('.')}: ${known.message}`, {
    cause,
    issues: [{ path: known.path, message: known.message }],
  });
}
