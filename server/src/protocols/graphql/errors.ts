import { ERROR_CATALOG, publicMessageOf, type ErrorCode, type GatepostError } from '@gatepost/shared';
import { GraphQLError } from 'graphql';

/**
 * A pipeline failure as a GraphQL field error. No `extensions.http` status is set: per the
 * GraphQL-over-HTTP spec a field error is a 200 with `errors[]`, as graphql-yoga does.
 */
export function toGraphQLError(error: GatepostError, requestId: string, path?: readonly (string | number)[]): GraphQLError {
  const spec = ERROR_CATALOG[error.code];
  const message = publicMessageOf(error, requestId);
  return new GraphQLError(message, {
    ...(path ? { path } : {}),
    extensions: {
      code: spec.graphql,
      retryable: error.retryable,
      ...(error.issues ? { issues: error.issues } : {}),
      requestId,
    },
  });
}

/**
 * A refusal of the whole request, raised inside GraphQL (a document too deep to parse): it
 * carries the catalog status in `extensions.http`, which yoga (and the fast path, as yoga does)
 * answers with whatever the client accepts, and strips from the body.
 */
export function toGraphQLRequestError(error: GatepostError, requestId: string): GraphQLError {
  const fieldError = toGraphQLError(error, requestId);
  return new GraphQLError(fieldError.message, { extensions: { ...fieldError.extensions, http: { status: error.status } } });
}

/** The body of an error raised before GraphQL ran (body limit, malformed JSON), as a GraphQL response. */
export function encodeGraphQLHttpError(error: GatepostError, requestId: string): unknown {
  return { errors: [toGraphQLError(error, requestId).toJSON()] };
}

/**
 * The catalog code each of yoga's own request errors stands for. yoga names parse and
 * validation failures as Apollo does (kept: GraphQL tooling knows them, and the catalog lists
 * them), but calls a mutation sent by GET a `BAD_REQUEST` although it answers 405 for it.
 */
function catalogCodeOf(error: GraphQLError): ErrorCode | undefined {
  const { code, http } = error.extensions as { code?: unknown; http?: { status?: unknown } };
  if (http?.status === 405) return 'METHOD_NOT_ALLOWED';
  if (code === 'GRAPHQL_PARSE_FAILED') return 'GRAPHQL_PARSE_FAILED';
  if (code === 'GRAPHQL_VALIDATION_FAILED') return 'GRAPHQL_VALIDATION_FAILED';
  if (code === 'BAD_REQUEST') return 'MALFORMED_REQUEST';
  return undefined;
}

/**
 * Gives one of yoga's request errors its catalog code and retryability, in place — as yoga
 * itself tags them (`extensions.code ||= …`), so its `http` status and headers stay, and an
 * error keeps its identity (yoga logs an error whose masking returned another object).
 */
export function withCatalogCode<T extends GraphQLError>(error: T, requestId?: string): T {
  const code = catalogCodeOf(error);
  if (!code) return error;
  const extensions = error.extensions as Record<string, unknown>;
  extensions.code = ERROR_CATALOG[code].graphql;
  extensions.retryable = ERROR_CATALOG[code].retryable;
  if (requestId !== undefined) extensions.requestId = requestId;
  return error;
}
