import { mapDatabaseError } from '@gatepost/db';
import { GatepostError, isGatepostError, refusal } from '@gatepost/shared';
import type { FastifyError } from 'fastify';

function describeBytes(bytes: number): string {
  return bytes % 1_048_576 === 0 ? `${bytes / 1_048_576} MiB` : `${bytes} bytes`;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The body media types the route parses, named by its 415 refusal. @default ['application/json'] */
    readonly bodyTypes?: readonly string[];
  }
}

export interface HttpErrorContext {
  readonly bodyLimitBytes: number;
  /** The request's Content-Type header. */
  readonly contentType: string | undefined;
  /** What the route parses (its `bodyTypes` config). @default ['application/json'] */
  readonly bodyTypes?: readonly string[] | undefined;
}

/**
 * Errors Fastify raises before any protocol ran (body limit, malformed JSON, content type),
 * as catalog errors with messages a person can act on. Fastify's own 5xx are bugs: INTERNAL.
 * A database error escaping a hook (the credentials lookup runs before the pipeline) is mapped
 * by SQLSTATE as the pipeline maps it: a database that is away is UNAVAILABLE, not a bug.
 */
export function httpErrorToGatepost(error: unknown, context: HttpErrorContext): GatepostError {
  if (isGatepostError(error)) return error;
  const fromDatabase = mapDatabaseError(error);
  if (fromDatabase) return fromDatabase;
  if (!(error instanceof Error)) return new GatepostError('INTERNAL');
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  const code = (error as Partial<FastifyError>).code;
  if (status === 413) {
    return refusal('BODY_TOO_LARGE', [describeBytes(context.bodyLimitBytes)]);
  }
  if (status === 415) {
    const given = context.contentType ? `"${context.contentType.split(';')[0]}"` : 'no content type';
    return refusal('CONTENT_TYPE_UNSUPPORTED', [given, listOfAlternatives(context.bodyTypes ?? ['application/json'])]);
  }
  // @fastify/csrf-protection's refusals (the HTML forms): no secret cookie, or a token that does not match it.
  if (code === 'FST_CSRF_MISSING_SECRET' || code === 'FST_CSRF_INVALID_TOKEN') return refusal('FORM_TOKEN_INVALID', []);
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return refusal('BODY_EMPTY', []);
  if (status === 400 && (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError)) {
    return refusal('BODY_NOT_JSON', []);
  }
  if (status === 429) return new GatepostError('RATE_LIMITED', error.message);
  if (status === 408) return refusal('REQUEST_TOO_SLOW', []);
  if (status >= 400 && status < 500) return new GatepostError('MALFORMED_REQUEST', error.message);
  return new GatepostError('INTERNAL');
}

/** `a`, `a or b`, `a, b or c`: the accepted types as a sentence says them. */
function listOfAlternatives(items: readonly string[]): string {
  return items.length <= 2 ? items.join(' or ') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
