import { GraphQLError, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from './context';
import { rootFieldsOf } from './root-fields';

/**
 * Each root field of a mutation is one call, so one operation may carry at most
 * MAX_BATCH_CALLS of them, like a tRPC batch. Refused whole (413) before any runs.
 */
export function useMutationFieldLimit(maxCalls: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      const calls = rootFieldsOf(operation.selectionSet, args.document).length;
      if (calls <= maxCalls) return;
      const requestId = (args.contextValue as Partial<GraphQLContext>).scope?.requestId;
      setResultAndStopExecution({
        errors: [
          new GraphQLError(`An operation may carry at most ${maxCalls} mutation fields; this one carries ${calls}.`, {
            extensions: { code: 'PAYLOAD_TOO_LARGE', retryable: false, requestId, http: { status: 413 } },
          }),
        ],
      });
    },
  };
}
