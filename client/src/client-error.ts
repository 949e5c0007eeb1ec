import { ERROR_CATALOG, errorCodeOfGraphQLCode, type ErrorCode, type InputIssue } from '@gatepost/shared';

/** A failed GraphQL call, in the catalog's terms, whatever GraphQL code the server sent. */
export class GatepostClientError extends Error {
  override readonly name = 'GatepostClientError';
  /** Whether the same call (with the same idempotency key) may succeed when sent again. */
  readonly retryable: boolean;
  constructor(
    message: string,
    /** Catalog code, or the raw GraphQL code (e.g. `GRAPHQL_VALIDATION_FAILED`) when it is not a catalog one. */
    readonly code: ErrorCode | string,
    readonly status: number,
    readonly issues: readonly InputIssue[] = [],
    readonly requestId: string | undefined = undefined,
    /** What the server said; the catalog's default for the code when it said nothing. */
    retryable?: boolean,
  ) {
    super(message);
    this.retryable = retryable ?? (this.code in ERROR_CATALOG && ERROR_CATALOG[this.code as ErrorCode].retryable);
  }
}

interface GraphQLErrorJson {
  readonly message?: unknown;
  readonly extensions?: { readonly code?: unknown; readonly issues?: unknown; readonly requestId?: unknown; readonly retryable?: unknown };
}

export function clientErrorFromGraphQL(error: GraphQLErrorJson, status: number): GatepostClientError {
  const raw = typeof error.extensions?.code === 'string' ? error.extensions.code : 'INTERNAL';
  const code = errorCodeOfGraphQLCode(raw) ?? raw;
  const issues = Array.isArray(error.extensions?.issues) ? (error.extensions.issues as InputIssue[]) : [];
  const requestId = typeof error.extensions?.requestId === 'string' ? error.extensions.requestId : undefined;
  const retryable = typeof error.extensions?.retryable === 'boolean' ? error.extensions.retryable : undefined;
  return new GatepostClientError(
    typeof error.message === 'string' ? error.message : 'GraphQL error',
    code,
    status,
    issues,
    requestId,
    retryable,
  );
}
