import { GatepostError, type ErrorCode, type GatepostErrorOptions } from './errors';

/**
 * Every message gatepost itself answers with, in one table beside the catalog (as Fastify keeps
 * its own in lib/errors.js): a reviewer reads all of them in one place, a wording fix is one
 * edit, and the code each goes with cannot drift from the message. Handlers' domain refusals
 * (stock, bookings, payments) stay with the rule that makes them.
 */
const REFUSALS = {
  BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: (limit: string) => `The request body is larger than the limit of ${limit}.` },
  CONTENT_TYPE_UNSUPPORTED: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: (given: string, accepted: string) => `The content type ${given} is not supported; send ${accepted}.`,
  },
  BODY_EMPTY: { code: 'MALFORMED_REQUEST', message: () => 'The request body is empty; send a JSON document.' },
  BODY_NOT_JSON: { code: 'MALFORMED_REQUEST', message: () => 'The request body is not valid JSON.' },
  BODY_TOO_DEEP: {
    code: 'MALFORMED_REQUEST',
    message: (maxDepth: number) => `The request body nests arrays and objects deeper than the limit of ${maxDepth} levels.`,
  },
  GRAPHQL_DOCUMENT_TOO_DEEP: {
    code: 'MALFORMED_REQUEST',
    message: (maxDepth: number) =>
      `The GraphQL document nests braces, brackets and parentheses deeper than the limit of ${maxDepth} levels.`,
  },
  REQUEST_TOO_SLOW: { code: 'MALFORMED_REQUEST', message: () => 'The request took too long to arrive.' },
  METHOD_NOT_ALLOWED: {
    code: 'METHOD_NOT_ALLOWED',
    message: (method: string, path: string, allowed: string) => `${path} does not take ${method}; it takes ${allowed}.`,
  },
  GRAPHQL_MUTATION_VIA_GET: {
    code: 'METHOD_NOT_ALLOWED',
    message: () => 'A mutation must be sent by POST; GET may only carry queries.',
  },
  NOT_ACCEPTABLE: {
    code: 'NOT_ACCEPTABLE',
    message: (offered: string) => `The Accept header lists none of the media types this endpoint answers with: ${offered}.`,
  },
  HEADERS_TOO_LARGE: {
    code: 'HEADERS_TOO_LARGE',
    message: (limit: string) => `The request headers are larger than the limit of ${limit}; send fewer or smaller headers (cookies count).`,
  },
  ROUTE_NOT_FOUND: { code: 'NOT_FOUND', message: (method: string, path: string) => `There is nothing at ${method} ${path}.` },
  TOO_MANY_REQUESTS: {
    code: 'RATE_LIMITED',
    message: (perMinute: number, retryAfterSeconds: number) =>
      `Too many requests: at most ${perMinute} a minute; try again in ${retryAfterSeconds} s.`,
  },
  TOO_MANY_FAILED_CREDENTIALS: {
    code: 'RATE_LIMITED',
    message: (retryAfterSeconds: number) =>
      `Too many requests with credentials that are not valid came from this address; try again in ${retryAfterSeconds} s.`,
  },
  TOO_MANY_ATTEMPTS: {
    code: 'RATE_LIMITED',
    message: (retryAfterSeconds: number) => `Too many attempts; try again in ${retryAfterSeconds} s.`,
  },
  TRPC_BATCH_TOO_LARGE: {
    code: 'PAYLOAD_TOO_LARGE',
    message: (max: number, calls: number) => `A batch may carry at most ${max} calls; this one carries ${calls}.`,
  },
  GRAPHQL_ARRAY_EMPTY: { code: 'MALFORMED_REQUEST', message: () => 'A request array must hold at least one operation.' },
  GRAPHQL_ARRAY_TOO_LARGE: {
    code: 'PAYLOAD_TOO_LARGE',
    message: (max: number, operations: number) => `A request array may carry at most ${max} operations; this one carries ${operations}.`,
  },
  TRPC_BATCH_NEEDS_FAST_PATH: {
    code: 'MALFORMED_REQUEST',
    message: () =>
      'An atomic batch, or a batch with an Idempotency-Key, must be a JSON batch as httpBatchLink sends it (no streaming link), and needs FAST_PATHS=true.',
  },
  GRAPHQL_ARRAY_NEEDS_FAST_PATH: {
    code: 'MALFORMED_REQUEST',
    message: () =>
      'An atomic request array, or one with an Idempotency-Key, must hold plain JSON operations (query, variables, operationName only), and needs FAST_PATHS=true.',
  },
  BULK_TOO_LARGE: {
    code: 'PAYLOAD_TOO_LARGE',
    message: (max: number, items: number) => `items: a bulk request may carry at most ${max} items; this one carries ${items}.`,
  },
  REQUEST_TOO_MANY_ITEMS: {
    code: 'PAYLOAD_TOO_LARGE',
    message: (max: number, items: number) =>
      `A request may carry at most ${max} items across its calls (a bulk call counts its items, any other call 1); this one carries ${items}.`,
  },
  CREDENTIALS_INVALID: { code: 'UNAUTHENTICATED', message: () => 'The credentials are not valid: unknown, expired or revoked.' },
  CROSS_SITE_COOKIE: {
    code: 'FORBIDDEN',
    message: () => 'Cross-site request refused: a session cookie is only accepted from this site or an allowed origin.',
  },
  CROSS_SITE_FORM: {
    code: 'FORBIDDEN',
    message: () => 'Cross-site form post refused: this form only takes posts from its own pages. Nothing was sent.',
  },
  FORM_TOKEN_INVALID: {
    code: 'FORBIDDEN',
    message: () =>
      "The form's security token is missing or does not match this browser; open the form again and resend it. Nothing was sent.",
  },
  IDEMPOTENCY_KEY_REQUIRED: {
    code: 'VALIDATION_FAILED',
    message: (operation: string) =>
      `Idempotency-Key header: required by ${operation}. Send a new unique key (a UUID) with each new request, and the same key when you retry it.`,
  },
  IDEMPOTENCY_KEY_MALFORMED: {
    code: 'VALIDATION_FAILED',
    message: (maxLength: number) => `Idempotency-Key header: must be 1 to ${maxLength} visible ASCII characters (a UUID is a good key).`,
  },
  IDEMPOTENCY_KEY_RUNNING: {
    code: 'CONFLICT',
    message: () => 'A request with this Idempotency-Key is still being processed; retry shortly to receive its result.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    code: 'IDEMPOTENCY_KEY_REUSED',
    message: (usedFor: string) => `This Idempotency-Key was already used ${usedFor}; send a new key for a new request.`,
  },
  INTERNAL_WITH_REQUEST_ID: {
    code: 'INTERNAL',
    message: (requestId: string) => `Something went wrong on our side. Quote request id ${requestId} when reporting it.`,
  },
  SHUTTING_DOWN: { code: 'UNAVAILABLE', message: () => 'The server is shutting down; retry shortly.' },
  WRITE_COLLIDED: { code: 'UNAVAILABLE', message: () => 'The write collided with another one; retry it.' },
  DEADLINE_PASSED: {
    code: 'UNAVAILABLE',
    message: (deadlineMs: number) =>
      `The request did not finish within its deadline of ${deadlineMs / 1000} s, and nothing was kept; retry it.`,
  },
  CLIENT_WENT_AWAY: {
    code: 'UNAVAILABLE',
    message: () => 'The client closed the connection before the call finished, and nothing was kept.',
  },
  CROSS_SITE_UPLOAD: {
    code: 'FORBIDDEN',
    message: () =>
      'A multipart request from a page of another site is refused: any site can make a browser send one. Send it from this site or an allowed origin (CORS_ORIGINS).',
  },
  UPLOAD_IN_BATCH: {
    code: 'MALFORMED_REQUEST',
    message: () => 'A batch cannot carry files; send a call with files on its own (httpLink: see the client’s file calls).',
  },
  UPLOAD_TO_NO_MUTATION: {
    code: 'NOT_FOUND',
    message: (path: string) => `${path} is no mutation; files can only be sent to a mutation.`,
  },
  UPLOAD_NOT_YOURS: { code: 'FORBIDDEN', message: () => 'This upload was started by someone else; start one of your own.' },
  UPLOAD_TOO_LARGE: {
    code: 'PAYLOAD_TOO_LARGE',
    message: (limit: string) => `The upload is larger than the limit of ${limit} (MAX_UPLOAD_BYTES).`,
  },
  TOO_MANY_FILES: {
    code: 'PAYLOAD_TOO_LARGE',
    message: (limit: number) => `The request carries more than ${limit} files (MAX_FILES_PER_REQUEST).`,
  },
  MULTIPART_TOO_MANY_FIELDS: {
    code: 'PAYLOAD_TOO_LARGE',
    message: (limit: number) => `The form has more than ${limit} fields.`,
  },
  MULTIPART_FIELD_TOO_LARGE: {
    code: 'PAYLOAD_TOO_LARGE',
    message: (name: string, limit: string) => `The form field ${name} is larger than the limit of ${limit}; send files as file parts.`,
  },
  MULTIPART_MALFORMED: { code: 'MALFORMED_REQUEST', message: (why: string) => `The multipart body could not be read: ${why}.` },
  NOT_A_FILE_FIELD: {
    code: 'VALIDATION_FAILED',
    message: (name: string) => `${name}: is not a file field; send it as text, or send the file under a file field's name.`,
  },
  GRAPHQL_MULTIPART_INVALID: {
    code: 'MALFORMED_REQUEST',
    message: (why: string) => `The GraphQL multipart request is not valid: ${why} (see the GraphQL multipart request spec).`,
  },
  VALUE_NOT_STORABLE: {
    code: 'VALIDATION_FAILED',
    message: () => 'A value cannot be stored: it holds a character or number the database does not accept.',
  },
} as const satisfies Record<string, { readonly code: ErrorCode; readonly message: (...args: never[]) => string }>;

export type RefusalName = keyof typeof REFUSALS;

/** The refusal's code and message, filled in with `args`, as a GatepostError. */
export function refusal<Name extends RefusalName>(
  name: Name,
  args: Parameters<(typeof REFUSALS)[Name]['message']>,
  options?: GatepostErrorOptions,
): GatepostError {
  const { code, message } = REFUSALS[name];
  return new GatepostError(code, (message as (...values: unknown[]) => string)(...args), options);
}

/**
 * What a caller is told of an error: its own message, except for an unexpected error (INTERNAL),
 * whose message may hold internals and is replaced by the request id to quote. Every protocol's
 * encoder says it through this one function.
 */
export function publicMessageOf(error: GatepostError, requestId: string | undefined): string {
  return error.code === 'INTERNAL' && requestId ? REFUSALS.INTERNAL_WITH_REQUEST_ID.message(requestId) : error.message;
}

/** Every entry, for the test that holds each message to the house style. */
export const REFUSAL_TABLE: Readonly<Record<RefusalName, { readonly code: ErrorCode }>> = REFUSALS;
