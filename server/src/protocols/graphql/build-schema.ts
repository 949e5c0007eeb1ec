import {
  graphqlFieldName,
  graphqlInputTypeName,
  pascal,
  listOperations,
  type AnyOperation,
  type ContractShape,
  type InputSchema,
} from '@gatepost/shared';
import {
  DirectiveLocation,
  GraphQLDirective,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  Kind,
  specifiedDirectives,
  type GraphQLResolveInfo,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigArgumentMap,
} from 'graphql';
import { buildCall } from '../../pipeline/index';
import type { GraphQLContext } from './context';
import { toGraphQLError } from './errors';
import { createGraphQLTypeMapper, fromGraphQLInput, type GraphQLTypeMapper } from './zod-to-graphql';

export interface ContractSchema {
  readonly schema: GraphQLSchema;
  /** The types generated from zod, to trace a GraphQL input type back to its schema. */
  readonly mapper: GraphQLTypeMapper;
  /** Each query field's contract input, whose keys are the field's arguments. */
  readonly queryInputs: ReadonlyMap<string, InputSchema>;
  /** The contract operation behind each root field, by operation type (`query`, `mutation`) and field name. */
  readonly rootOperations: Readonly<Record<'query' | 'mutation', ReadonlyMap<string, AnyOperation>>>;
  /** The mutation fields whose input is `{ items: [...] }` (bulk operations): their cost grows with their items. */
  readonly bulkFields: ReadonlySet<string>;
}

export const atomicDirective = new GraphQLDirective({
  name: 'atomic',
  description:
    'Runs every mutation field of this operation in one transaction: if one fails, none is kept, and the others report BATCH_ABORTED.',
  locations: [DirectiveLocation.MUTATION],
});

/**
 * Generates the GraphQL schema from the contract — never hand-written SDL. A mutation takes
 * one `input: <Field>Input!` argument; a query takes its input's fields as arguments
 * (`contact(id: ID!)`). Resolvers only translate: raw arguments in, the pipeline's result out.
 *
 * Mutation fields are nullable, as PostGraphile's and Hasura's are: GraphQL propagates a
 * failed non-null root field to `data: null` and stops the remaining fields of a serial
 * mutation, which would lose the results of calls that succeeded and skip the rest of a batch.
 */
export function buildGraphQLSchema(contract: ContractShape): ContractSchema {
  const mapper = createGraphQLTypeMapper();
  const mutationFields: Record<string, GraphQLFieldConfig<unknown, GraphQLContext>> = {};
  const queryFields: Record<string, GraphQLFieldConfig<unknown, GraphQLContext>> = {};
  const queryInputs = new Map<string, InputSchema>();
  const rootOperations = { query: new Map<string, AnyOperation>(), mutation: new Map<string, AnyOperation>() };
  const bulkFields = new Set<string>();
  for (const operation of listOperations(contract)) {
    const fields = operation.kind === 'mutation' ? mutationFields : queryFields;
    const name = graphqlFieldName(operation);
    if (fields[name]) throw new Error(`GraphQL: ${operation.name} would reuse the field name "${name}"; set graphqlName.`);
    fields[name] = fieldFor(operation, name, mapper);
    if (operation.kind === 'query') queryInputs.set(name, operation.input);
    rootOperations[operation.kind].set(name, operation);
    if (operation.bulk) bulkFields.add(name);
  }
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: queryFields }),
    mutation: new GraphQLObjectType({ name: 'Mutation', fields: mutationFields }),
    directives: [...specifiedDirectives, atomicDirective],
  });
  return { schema, mapper, queryInputs, rootOperations, bulkFields };
}

function fieldFor(operation: AnyOperation, name: string, mapper: GraphQLTypeMapper): GraphQLFieldConfig<unknown, GraphQLContext> {
  const output = mapper.outputField(operation.output, { operation: operation.name, path: ['output'], typeName: `${pascal(name)}Payload` });
  const type = operation.kind === 'mutation' && output.type instanceof GraphQLNonNull ? output.type.ofType : output.type;
  return {
    type,
    description: operation.description,
    args: argumentsFor(operation, name, mapper),
    resolve: async function resolveOperation(_root, args, context, info) {
      const raw = operation.kind === 'mutation' ? args.input : args;
      const input = fromGraphQLInput(operation.input, raw);
      const outcome = await context.runCall(buildCall(context.scope, operation, input, positionOf(context, info)));
      context.scope.applyOutcome(outcome);
      if (outcome.ok) return outcome.data;
      throw toGraphQLError(outcome.error, context.scope.requestId);
    },
  };
}

/**
 * A call's position in its request, which makes its share of the request's Idempotency-Key:
 * none (`<key>`) for the one field of one operation, the response key (slot `<key> <response key>`)
 * for each field of a multi-field operation, and `<index>` (or `<index>/<response key>`) in a
 * request array — the same on every retry of the same request. Only a key reads it, so a
 * request without one skips the work.
 */
function positionOf(context: GraphQLContext, info: GraphQLResolveInfo): string | undefined {
  if (context.scope.idempotencyKey === undefined) return undefined;
  const selections = info.operation.selectionSet.selections;
  const onlyField = selections.length === 1 && selections[0]?.kind === Kind.FIELD;
  const parts = [...(context.arrayIndex === undefined ? [] : [String(context.arrayIndex)]), ...(onlyField ? [] : [String(info.path.key)])];
  return parts.length === 0 ? undefined : parts.join('/');
}

function argumentsFor(operation: AnyOperation, name: string, mapper: GraphQLTypeMapper): GraphQLFieldConfigArgumentMap {
  // GraphQL has no empty input objects: an operation that takes nothing (`logout`, `me`) has no arguments.
  if (Object.keys(operation.input.shape).length === 0) return {};
  if (operation.kind === 'mutation') {
    const input = mapper.inputField(operation.input, {
      operation: operation.name,
      path: ['input'],
      typeName: graphqlInputTypeName(operation),
    });
    return { input: { ...input, type: input.type instanceof GraphQLNonNull ? input.type : new GraphQLNonNull(input.type) } };
  }
  return Object.fromEntries(
    Object.entries(operation.input.shape).map(([key, schema]) => [
      key,
      mapper.inputField(schema, { operation: operation.name, path: ['input', key], typeName: `${pascal(name)}${pascal(key)}` }),
    ]),
  );
}
