import { GatepostError, isGatepostError, refusal } from '@gatepost/shared';
import { mapDatabaseError } from '@gatepost/db';
import type { Logger } from 'pino';

/**
 * The one place an unknown throw becomes a catalog error. Database errors are mapped by
 * SQLSTATE; anything else is a bug: logged in full, answered as INTERNAL with no message,
 * stack or SQL of its own — only the request id that finds the log line.
 */
export function normalizeError(error: unknown, requestId: string, log: Logger): GatepostError {
  if (isGatepostError(error)) return error;
  const mapped = mapDatabaseError(error);
  if (mapped) {
    if (mapped.code === 'UNAVAILABLE') log.warn({ err: error, requestId }, 'database unavailable');
    return mapped;
  }
  log.error({ err: error, requestId }, 'unexpected error');
  return refusal('INTERNAL_WITH_REQUEST_ID', [requestId]);
}
