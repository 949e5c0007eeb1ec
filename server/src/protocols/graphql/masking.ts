import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError, type MaskError } from 'graphql-yoga';
import type { FastifyBaseLogger } from 'fastify';
import { withCatalogCode } from './errors';

/**
 * yoga's masking options, stated once so yoga and the fast path mask alike: errors that are
 * not deliberate GraphQL errors leave as "Unexpected error." and are logged. Pipeline
 * failures never get here masked twice: they arrive as GraphQLErrors with catalog codes.
 */
export const maskedErrors = { maskError, errorMessage: 'Unexpected error.', isDev: false } as const;

/** yoga's masking, and yoga's own request errors (a parse failure, a mutation by GET) given catalog codes. */
function maskError(...args: Parameters<MaskError>): Error {
  const masked = yogaMaskError(...args);
  return masked instanceof GraphQLError ? withCatalogCode(masked) : masked;
}

/** What yoga's handleError does with a throw outside execution (cjs/error.js), for the fast path. */
export function handleGraphQLError(error: unknown, log: FastifyBaseLogger): GraphQLError[] {
  if (typeof error === 'object' && error !== null && 'errors' in error && Array.isArray(error.errors)) {
    return error.errors.flatMap((single: unknown) => handleGraphQLError(single, log));
  }
  const masked = maskedErrors.maskError(error, maskedErrors.errorMessage, maskedErrors.isDev);
  if (masked !== error) log.error({ err: error }, 'GraphQL request failed');
  return [masked instanceof GraphQLError ? masked : new GraphQLError(masked.message, { originalError: masked })];
}
