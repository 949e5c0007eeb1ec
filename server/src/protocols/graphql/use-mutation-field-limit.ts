import { GraphQLError, Kind, getOperationAST, type DocumentNode, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from './context';

/**
 * Each root field of a mutation is one call, so one operation may carry at most
 * MAX_BATCH_CALLS of them, like a tRPC batch. Refused whole (413) before any runs.
 */
export function useMutationFieldLimit(maxCalls: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      const calls = countRootFields(operation.selectionSet, args.document);
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

function countRootFields(selectionSet: SelectionSetNode, document: DocumentNode): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) count += 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += countRootFields(selection.selectionSet, document);
    else {
      const fragment = document.definitions.find(
        (definition) => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value,
      );
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) count += countRootFields(fragment.selectionSet, document);
    }
  }
  return count;
}
