import { ERROR_CATALOG, type GatepostError } from '@gatepost/shared';
import { GraphQLError } from 'graphql';

/**
 * A pipeline failure as a GraphQL field error. No `extensions.http` status is set: per the
 * GraphQL-over-HTTP spec a field error is a 200 with `errors[]`, as graphql-yoga does.
 */
export function toGraphQLError(error: GatepostError, requestId: string, path?: readonly (string | number)[]): GraphQLError {
  const spec = ERROR_CATALOG[error.code];
  const message = error.code === 'INTERNAL' ? `${spec.message} Quote request id ${requestId} when reporting it.` : error.message;
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
