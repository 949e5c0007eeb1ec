import { getOperationAST, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Pipeline } from '../../pipeline/index';
import type { GraphQLContext } from './context';
import { runAtomicGraphQL } from './run-atomic-graphql';

/**
 * `mutation X @atomic { … }` (or header `Gatepost-Atomic: true` on a single operation) runs
 * all the operation's mutation fields in one transaction: the operation executes with a
 * context of its own whose `runCall` is the transaction's. An operation inside an atomic
 * request array is already in the array's transaction and is left alone.
 */
export function useAtomicOperations(pipeline: Pipeline): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      const context = args.contextValue as unknown as GraphQLContext;
      const requested = operation.directives?.some((directive) => directive.name.value === 'atomic') || context.scope.atomic;
      if (!requested || context.inAtomicTransaction) return;
      setExecuteFn((executionArgs) =>
        runAtomicGraphQL(
          pipeline,
          context.scope,
          async (runCall) => (await executeFn({ ...executionArgs, contextValue: { ...context, runCall } })) as ExecutionResult,
        ),
      );
    },
  };
}
