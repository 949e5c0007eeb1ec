import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLServerContext } from './context';
import { withCatalogCode } from './errors';

/**
 * Gives a document's parse and validation failures their catalog codes and the request id, as
 * every other GraphQL error carries. An envelop plugin, so the fast path runs it too. A mutation
 * sent by GET is refused by yoga after these hooks, and is coded by the masking (masking.ts).
 */
export function useCatalogCodes(): Plugin {
  return {
    onParse({ context }) {
      const requestId = (context as Partial<GraphQLServerContext>).scope?.requestId;
      return ({ result }) => {
        if (!(result instanceof GraphQLError)) return;
        // yoga tags a parse failure too, in a hook of its own (`code ||= 'GRAPHQL_PARSE_FAILED'`).
        (result.extensions as Record<string, unknown>).code ??= 'GRAPHQL_PARSE_FAILED';
        withCatalogCode(result, requestId);
      };
    },
    onValidate({ context }) {
      const requestId = (context as Partial<GraphQLServerContext>).scope?.requestId;
      return ({ valid, result }) => {
        if (valid) return;
        for (const error of result) {
          (error.extensions as Record<string, unknown>).code ??= 'GRAPHQL_VALIDATION_FAILED';
          withCatalogCode(error, requestId);
        }
      };
    },
  };
}
