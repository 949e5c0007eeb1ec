import { refusal } from '@gatepost/shared';
import type { Plugin } from 'graphql-yoga';
import { nestsDeeperThan } from '../../http/nesting-depth';
import type { GraphQLServerContext } from './context';
import { toGraphQLRequestError } from './errors';

/**
 * Refuses a document nested deeper than MAX_NESTING_DEPTH before graphql-js parses it: its
 * recursive-descent parser overflows the stack at about 2,000 levels (a 500), and Armor's token
 * limit cannot stop that, since such a document needs only ~4,000 tokens. Armor's depth limit
 * runs later still, on the parsed document.
 *
 * Answered 400 whatever the client accepts: like a body that is not JSON, the document is refused
 * unread, before it is a GraphQL request. An envelop hook, so the fast path and yoga both run it.
 */
export function useDocumentNestingLimit(maxDepth: number): Plugin {
  return {
    onParse({ params, context }) {
      const source = typeof params.source === 'string' ? params.source : params.source.body;
      if (!nestsDeeperThan(source, maxDepth)) return;
      const requestId = (context as Partial<GraphQLServerContext>).scope?.requestId ?? '';
      throw toGraphQLRequestError(refusal('GRAPHQL_DOCUMENT_TOO_DEEP', [maxDepth]), requestId);
    },
  };
}
