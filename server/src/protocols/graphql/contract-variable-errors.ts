import { describeIssues, type InputIssue } from '@gatepost/shared';
import { GraphQLError, getNamedType, getOperationAST, typeFromAST, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { validate } from '../../pipeline/index';
import type { GraphQLContext } from './context';
import { fromGraphQLInput, type GraphQLTypeMapper } from './zod-to-graphql';

/**
 * graphql-js rejects a variable that does not fit its input type (missing field, wrong type,
 * unknown field) before any resolver runs, with a message such as
 * `Variable "$input" got invalid value …`. That would make GraphQL's answer to bad input differ
 * from tRPC's. When such a request error concerns a variable whose type was generated from a
 * zod schema, this plugin re-validates the raw value with that schema and answers with the
 * pipeline's own `BAD_USER_INPUT` and `issues` — same code, paths and messages as tRPC.
 * It only runs when execution failed before starting, so the happy path pays nothing.
 */
export function useContractVariableErrors(mapper: GraphQLTypeMapper): Plugin {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          if (!isRequestError(result)) return;
          const issues = contractIssues(args, mapper);
          if (issues.length === 0) return;
          const error = new GraphQLError(describeIssues(issues), {
            // 400 under application/graphql-response+json, as yoga answers variable errors (spec: a request error).
            extensions: {
              code: 'BAD_USER_INPUT',
              retryable: false,
              issues,
              requestId: requestIdOf(args.contextValue),
              http: { spec: true, status: 400 },
            },
          });
          setResult({ errors: [error] });
        },
      };
    },
  };
}

function requestIdOf(context: unknown): string | undefined {
  const requestId = (context as Partial<GraphQLContext> | undefined)?.requestId;
  return typeof requestId === 'string' ? requestId : undefined;
}

/** A result with errors and no `data` key: execution never began (GraphQL-over-HTTP "request error"). */
function isRequestError(result: unknown): result is ExecutionResult {
  return typeof result === 'object' && result !== null && !('data' in result) && Array.isArray((result as ExecutionResult).errors);
}

function contractIssues(args: ExecutionArgs, mapper: GraphQLTypeMapper): InputIssue[] {
  const operation = getOperationAST(args.document, args.operationName);
  const variables = args.variableValues ?? {};
  const issues: InputIssue[] = [];
  for (const definition of operation?.variableDefinitions ?? []) {
    const type = typeFromAST(args.schema, definition.type);
    const schema = type ? mapper.inputSchemaOf(getNamedType(type).name) : undefined;
    if (!schema) continue;
    const raw = variables[definition.variable.name.value];
    const validation = validate(schema, fromGraphQLInput(schema, raw));
    if (!validation.ok) issues.push(...validation.issues);
  }
  return issues;
}
