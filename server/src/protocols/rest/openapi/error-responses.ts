import { ERROR_CATALOG, ERROR_CODES, idempotencyRuleOf, type AnyOperation, type ErrorCode } from '@gatepost/shared';
import { PROBLEM_JSON } from '../problem';
import type { JsonSchema, Reference, ResponseObject } from './types';

/**
 * The catalog codes a REST route can refuse with, and why: the pipeline's own refusals follow from what
 * the contract says of the operation (who may call it, whether it takes a body or an
 * Idempotency-Key), the handler's from its `errors`. Catalog codes that no REST route meets (GraphQL
 * parse errors, tRPC batches, 406, 431) are left out.
 */
export function refusalCodesOf(operation: AnyOperation): ErrorCode[] {
  const rest = operation.rest;
  const takesBody = rest?.method === 'POST';
  const takesKey = idempotencyRuleOf(operation) !== 'none';
  const codes: ErrorCode[] = [
    'VALIDATION_FAILED',
    // A body that is not JSON (or a form) at all.
    ...(takesBody ? (['MALFORMED_REQUEST'] as const) : []),
    // Any route: credentials that are sent must be valid, even where none are needed.
    'UNAUTHENTICATED',
    // A POST with a cross-site session cookie (CSRF), a route for admins, or one for users that the operator key calls.
    ...(takesBody || operation.auth !== 'public' ? (['FORBIDDEN'] as const) : []),
    // A read at a path that finds nothing.
    ...(rest?.path.includes('{') ? (['NOT_FOUND'] as const) : []),
    // The same Idempotency-Key still running (409) or sent with another request (422).
    ...(takesKey ? (['CONFLICT', 'IDEMPOTENCY_KEY_REUSED'] as const) : []),
    ...(takesBody ? (['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] as const) : []),
    ...(operation.errors ?? []),
    'RATE_LIMITED',
    'INTERNAL',
    'UNAVAILABLE',
  ];
  return [...new Set(codes)];
}

/** The statuses of those codes, in order: the keys of the operation's refusal responses. */
export function statusesOf(codes: readonly ErrorCode[]): number[] {
  return [...new Set(codes.map((code) => ERROR_CATALOG[code].status))].sort((a, b) => a - b);
}

/** The response component of a refusal status: `400` → `#/components/responses/Status400`. */
export function refusalResponseRef(status: number): Reference {
  return { $ref: `#/components/responses/${refusalResponseName(status)}` };
}

function refusalResponseName(status: number): string {
  return `Status${status}`;
}

/**
 * One response component per status the routes can refuse with, each listing the catalog codes
 * (of those the routes meet) that answer with it. A 429 or 503 says when to come back in
 * `Retry-After` (RFC 9110 §10.2.3).
 */
export function refusalResponses(met: ReadonlySet<ErrorCode>, problem: JsonSchema): Record<string, ResponseObject> {
  const responses: Record<string, ResponseObject> = {};
  for (const status of statusesOf([...met])) {
    const codes = ERROR_CODES.filter((code) => met.has(code) && ERROR_CATALOG[code].status === status);
    responses[refusalResponseName(status)] = {
      description: codes.map((code) => `\`${code}\`: ${ERROR_CATALOG[code].message}`).join(' '),
      ...(status === 429 || status === 503 ? { headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } } : {}),
      content: { [mediaTypeOf(PROBLEM_JSON)]: { schema: problem } },
    };
  }
  return responses;
}

/** `application/problem+json; charset=utf-8` → `application/problem+json`: a media type key names no parameters. */
export function mediaTypeOf(contentType: string): string {
  return contentType.split(';')[0]?.trim() ?? contentType;
}
