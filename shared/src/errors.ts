/**
 * The error catalog: every failure gatepost reports, as data. Each protocol maps a code
 * through this table and nothing else, so one failure looks the same everywhere.
 */
export interface ErrorCodeSpec {
  /** HTTP status for a single call (REST, and the tRPC status it implies). */
  readonly status: number;
  /**
   * tRPC error code; its HTTP status must equal `status` (a test holds this), except for the codes
   * HTTP itself answers whose status tRPC has no code for (406, 431): no tRPC procedure meets them.
   */
  readonly trpc:
    | 'PARSE_ERROR'
    | 'BAD_REQUEST'
    | 'UNAUTHORIZED'
    | 'PAYMENT_REQUIRED'
    | 'FORBIDDEN'
    | 'NOT_FOUND'
    | 'CONFLICT'
    | 'UNPROCESSABLE_CONTENT'
    | 'PAYLOAD_TOO_LARGE'
    | 'TOO_MANY_REQUESTS'
    | 'SERVICE_UNAVAILABLE'
    | 'INTERNAL_SERVER_ERROR'
    | 'METHOD_NOT_SUPPORTED'
    | 'UNSUPPORTED_MEDIA_TYPE';
  /** GraphQL `extensions.code`. */
  readonly graphql: string;
  /** Whether a client may safely send the same call again (with the same idempotency key). */
  readonly retryable: boolean;
  /** The message used when the failure carries none of its own. */
  readonly message: string;
}

export const ERROR_CATALOG = {
  MALFORMED_REQUEST: {
    status: 400,
    trpc: 'PARSE_ERROR',
    graphql: 'BAD_REQUEST',
    retryable: false,
    message: 'The request could not be read.',
  },
  GRAPHQL_PARSE_FAILED: {
    status: 400,
    trpc: 'BAD_REQUEST',
    graphql: 'GRAPHQL_PARSE_FAILED',
    retryable: false,
    message: 'The GraphQL document could not be parsed.',
  },
  GRAPHQL_VALIDATION_FAILED: {
    status: 400,
    trpc: 'BAD_REQUEST',
    graphql: 'GRAPHQL_VALIDATION_FAILED',
    retryable: false,
    message: 'The GraphQL document is not valid against the schema.',
  },
  VALIDATION_FAILED: { status: 400, trpc: 'BAD_REQUEST', graphql: 'BAD_USER_INPUT', retryable: false, message: 'The input is not valid.' },
  UNAUTHENTICATED: { status: 401, trpc: 'UNAUTHORIZED', graphql: 'UNAUTHENTICATED', retryable: false, message: 'You need to sign in.' },
  PAYMENT_DECLINED: {
    status: 402,
    trpc: 'PAYMENT_REQUIRED',
    graphql: 'PAYMENT_DECLINED',
    retryable: false,
    message: 'The payment was declined; nothing was charged.',
  },
  FORBIDDEN: { status: 403, trpc: 'FORBIDDEN', graphql: 'FORBIDDEN', retryable: false, message: 'You are not allowed to do this.' },
  NOT_FOUND: { status: 404, trpc: 'NOT_FOUND', graphql: 'NOT_FOUND', retryable: false, message: 'Not found.' },
  METHOD_NOT_ALLOWED: {
    status: 405,
    trpc: 'METHOD_NOT_SUPPORTED',
    graphql: 'METHOD_NOT_ALLOWED',
    retryable: false,
    message: 'This method is not allowed here.',
  },
  NOT_ACCEPTABLE: {
    status: 406,
    trpc: 'BAD_REQUEST',
    graphql: 'NOT_ACCEPTABLE',
    retryable: false,
    message: 'None of the media types the Accept header lists can be answered with.',
  },
  CONFLICT: { status: 409, trpc: 'CONFLICT', graphql: 'CONFLICT', retryable: false, message: 'This conflicts with existing data.' },
  BATCH_ABORTED: {
    status: 409,
    trpc: 'CONFLICT',
    graphql: 'BATCH_ABORTED',
    retryable: false,
    message: 'Not applied: another call of this atomic batch failed, so none of its calls were kept.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    trpc: 'PAYLOAD_TOO_LARGE',
    graphql: 'PAYLOAD_TOO_LARGE',
    retryable: false,
    message: 'The request body is too large.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    trpc: 'UNSUPPORTED_MEDIA_TYPE',
    graphql: 'UNSUPPORTED_MEDIA_TYPE',
    retryable: false,
    message: 'This content type is not supported.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    trpc: 'UNPROCESSABLE_CONTENT',
    graphql: 'IDEMPOTENCY_KEY_REUSED',
    retryable: false,
    message: 'This idempotency key was already used with a different request.',
  },
  RATE_LIMITED: {
    status: 429,
    trpc: 'TOO_MANY_REQUESTS',
    graphql: 'RATE_LIMITED',
    retryable: true,
    message: 'Too many requests; try again later.',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    trpc: 'BAD_REQUEST',
    graphql: 'HEADERS_TOO_LARGE',
    retryable: false,
    message: 'The request headers are too large.',
  },
  INTERNAL: {
    status: 500,
    trpc: 'INTERNAL_SERVER_ERROR',
    graphql: 'INTERNAL',
    retryable: false,
    message: 'Something went wrong on our side.',
  },
  UNAVAILABLE: {
    status: 503,
    trpc: 'SERVICE_UNAVAILABLE',
    graphql: 'UNAVAILABLE',
    retryable: true,
    message: 'The service is unavailable; try again shortly.',
  },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export const ERROR_CODES = Object.keys(ERROR_CATALOG) as ErrorCode[];

const CODE_OF_GRAPHQL_CODE: ReadonlyMap<string, ErrorCode> = new Map(ERROR_CODES.map((code) => [ERROR_CATALOG[code].graphql, code]));

/** The catalog code a GraphQL `extensions.code` stands for (each is unique in the catalog), if any. */
export function errorCodeOfGraphQLCode(graphqlCode: string): ErrorCode | undefined {
  return CODE_OF_GRAPHQL_CODE.get(graphqlCode);
}

/** One problem with one field of the input, e.g. `{ path: ['email'], message: 'must be an email address' }`. */
export interface InputIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export interface GatepostErrorOptions {
  readonly issues?: readonly InputIssue[];
  /** Seconds the client should wait before retrying (sent as `Retry-After`). */
  readonly retryAfterSeconds?: number;
  /**
   * Overrides the catalog's `retryable` for this one failure: a CONFLICT is final, except the
   * one saying the same idempotency key is still being processed, which a retry resolves.
   */
  readonly retryable?: boolean;
  readonly cause?: unknown;
}

/** The only error type a handler or pipeline step reports on purpose. */
export class GatepostError extends Error {
  override readonly name = 'GatepostError';
  readonly code: ErrorCode;
  readonly issues: readonly InputIssue[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly #retryable: boolean | undefined;

  constructor(code: ErrorCode, message: string = ERROR_CATALOG[code].message, options: GatepostErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.#retryable = options.retryable;
  }

  get status(): number {
    return ERROR_CATALOG[this.code].status;
  }

  /** Whether sending the same call again (with the same idempotency key) may succeed. */
  get retryable(): boolean {
    return this.#retryable ?? ERROR_CATALOG[this.code].retryable;
  }
}

export function isGatepostError(value: unknown): value is GatepostError {
  return value instanceof GatepostError;
}

/** Formats issues as the one human sentence clients show: `email: must be an email address; name: is required`. */
export function describeIssues(issues: readonly InputIssue[]): string {
  return issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

/** What every protocol carries in its error body besides the message (tRPC `error.data`, GraphQL `extensions`). */
export interface GatepostErrorData {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly issues?: readonly InputIssue[];
  readonly requestId?: string;
}
