import { describeIssues, type AnyOperation, type GatepostError, type InputIssue, type InputSchema } from '@gatepost/shared';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getOperationAST,
  typeFromAST,
  type ExecutionArgs,
  type ExecutionResult,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { z } from 'zod';
import { buildCall, validate, type Pipeline } from '../../pipeline/index';
import type { ContractSchema } from './build-schema';
import type { GraphQLContext } from './context';
import { toGraphQLError } from './errors';
import { fromGraphQLInput, type GraphQLTypeMapper } from './zod-to-graphql';

/**
 * graphql-js rejects a variable that does not fit its input type (missing field, wrong type,
 * unknown field) before any resolver runs, with a message such as
 * `Variable "$input" got invalid value …`. That would make GraphQL's answer to bad input differ
 * from tRPC's. When such a request error concerns a variable whose type was generated from a
 * zod schema, this plugin re-validates the raw value with that schema and answers with the
 * pipeline's own `BAD_USER_INPUT` and `issues` — same code, paths and messages as tRPC. A
 * scalar variable passed to a query argument (`contacts(limit: $limit)`) is re-validated with
 * that argument's schema in the query's contract input.
 * As over tRPC, a caller who may not run an operation of the document is told so first (FORBIDDEN,
 * UNAUTHENTICATED), not what its input should look like (the pipeline's identify and authorize).
 * It only runs when execution failed before starting, so the happy path pays nothing.
 */
export function useContractVariableErrors(contractSchema: ContractSchema, pipeline: Pipeline): Plugin {
  const { mapper, queryInputs } = contractSchema;
  return {
    onExecute({ args }) {
      return {
        async onExecuteDone({ result, setResult }) {
          if (!isRequestError(result)) return;
          const issues = contractIssues(args, mapper, queryInputs);
          if (issues.length === 0) return;
          const refused = await accessRefusal(args, contractSchema, pipeline);
          if (refused) {
            const requestId = requestIdOf(args.contextValue) ?? '';
            const error = toGraphQLError(refused, requestId);
            setResult({
              errors: [
                new GraphQLError(error.message, { extensions: { ...error.extensions, http: { spec: true, status: refused.status } } }),
              ],
            });
            return;
          }
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

/** The first refusal the pipeline gives the caller for a root field of the document, if any. */
async function accessRefusal(args: ExecutionArgs, contractSchema: ContractSchema, pipeline: Pipeline): Promise<GatepostError | undefined> {
  const scope = (args.contextValue as Partial<GraphQLContext> | undefined)?.scope;
  const operation = getOperationAST(args.document, args.operationName);
  if (!scope || !operation || operation.operation === 'subscription') return undefined;
  const byField = contractSchema.rootOperations[operation.operation];
  for (const selection of operation.selectionSet.selections) {
    const contractOperation: AnyOperation | undefined = selection.kind === Kind.FIELD ? byField.get(selection.name.value) : undefined;
    if (!contractOperation) continue;
    const access = await pipeline.checkAccess(buildCall(scope, contractOperation, undefined));
    if (!access.ok) return access.error;
  }
  return undefined;
}

function requestIdOf(context: unknown): string | undefined {
  const requestId = (context as Partial<GraphQLContext> | undefined)?.scope?.requestId;
  return typeof requestId === 'string' ? requestId : undefined;
}

/** A result with errors and no `data` key: execution never began (GraphQL-over-HTTP "request error"). */
function isRequestError(result: unknown): result is ExecutionResult {
  return typeof result === 'object' && result !== null && !('data' in result) && Array.isArray((result as ExecutionResult).errors);
}

function contractIssues(args: ExecutionArgs, mapper: GraphQLTypeMapper, queryInputs: ReadonlyMap<string, InputSchema>): InputIssue[] {
  const operation = getOperationAST(args.document, args.operationName);
  const variables = args.variableValues ?? {};
  const arguments_ =
    operation?.operation === 'query' ? queryArgumentsByVariable(operation, queryInputs) : new Map<string, ArgumentSchema>();
  const issues: InputIssue[] = [];
  for (const definition of operation?.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const raw = variables[name];
    const type = typeFromAST(args.schema, definition.type);
    const schema = type ? mapper.inputSchemaOf(getNamedType(type).name) : undefined;
    if (schema) {
      const validation = validate(schema, fromGraphQLInput(schema, raw));
      if (!validation.ok) issues.push(...validation.issues);
      continue;
    }
    const argument = arguments_.get(name);
    if (!argument) continue;
    const only = z.object({ [argument.key]: argument.input.shape[argument.key] as z.ZodType });
    const validation = validate(only, raw === undefined ? {} : { [argument.key]: raw });
    if (!validation.ok) issues.push(...validation.issues);
  }
  return issues;
}

interface ArgumentSchema {
  readonly input: InputSchema;
  readonly key: string;
}

/** Which query argument each variable feeds (`contacts(limit: $limit)` → contacts' input, `limit`). */
function queryArgumentsByVariable(
  operation: OperationDefinitionNode,
  queryInputs: ReadonlyMap<string, InputSchema>,
): Map<string, ArgumentSchema> {
  const found = new Map<string, ArgumentSchema>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const input = queryInputs.get(selection.name.value);
    for (const argument of selection.arguments ?? []) {
      if (input && argument.value.kind === Kind.VARIABLE && argument.name.value in input.shape) {
        found.set(argument.value.name.value, { input, key: argument.name.value });
      }
    }
  }
  return found;
}
