import { GraphQLError } from 'graphql';
import { maskError } from 'graphql-yoga';
import type { FastifyBaseLogger } from 'fastify';

/**
 * yoga's masking options, stated once so yoga and the fast path mask alike: errors that are
 * not deliberate GraphQL errors leave as "Unexpected error." and are logged. Pipeline
 * failures never get here masked twice: they arrive as GraphQLErrors with catalog codes.
 */
export const maskedErrors = { maskError, errorMessage: 'Unexpected error.', isDev: false } as const;

/** What yoga's handleError does with a throw outside execution (cjs/error.js), for the fast path. */
export function handleGraphQLError(error: unknown, log: FastifyBaseLogger): GraphQLError[] {
  if (typeof error === 'object' && error !== null && 'errors' in error && Array.isArray(error.errors)) {
    return error.errors.flatMap((single: unknown) => handleGraphQLError(single, log));
  }
  const masked = maskedErrors.maskError(error, maskedErrors.errorMessage, maskedErrors.isDev);
  if (masked !== error) log.error({ err: error }, 'GraphQL request failed');
  return [masked instanceof GraphQLError ? masked : new GraphQLError(masked.message, { originalError: masked })];
}
