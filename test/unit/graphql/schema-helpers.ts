import { GraphQLBoolean, GraphQLObjectType, GraphQLSchema, printType } from 'graphql';
import type { z } from 'zod';
import { createGraphQLTypeMapper } from '../../../server/src/protocols/graphql/zod-to-graphql';
import type { GraphQLTypeMapper, TypeLocation } from '../../../server/src/protocols/graphql/zod-to-graphql';

export const OPERATION = 'things.submit';

/** A location inside the test operation: `input.a.b` when given `['input', 'a', 'b']`. */
export function at(typeName: string, path: readonly (string | number)[] = ['input']): TypeLocation {
  return { operation: OPERATION, path, typeName };
}

/**
 * A schema whose `Mutation.submit(input: …)` takes `schema` as its argument and whose
 * `Query.result` returns `output`, so printSchema/printType can show what the mapper made.
 */
export function buildSchema(
  parts: { input?: z.ZodType; output?: z.ZodType },
  mapper: GraphQLTypeMapper = createGraphQLTypeMapper(),
): GraphQLSchema {
  const submit = parts.input && {
    type: GraphQLBoolean,
    args: { input: mapper.inputField(parts.input, at('SubmitInput')) },
    resolve: () => true,
  };
  const result = parts.output && mapper.outputField(parts.output, at('Result', ['output']));
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { result: result ?? { type: GraphQLBoolean } } }),
    mutation: submit && new GraphQLObjectType({ name: 'Mutation', fields: { submit } }),
  });
}

/** The SDL of one named type of `schema`; fails the test when the type is missing. */
export function sdl(schema: GraphQLSchema, typeName: string): string {
  const type = schema.getType(typeName);
  if (type === undefined) throw new Error(`no type "${typeName}" in the schema`);
  return printType(type);
}

/** The SDL of the generated input type for `input`. */
export function inputSdl(input: z.ZodType, typeName = 'SubmitInput'): string {
  return sdl(buildSchema({ input }), typeName);
}

/** The SDL of the generated output type for `output`. */
export function outputSdl(output: z.ZodType, typeName = 'Result'): string {
  return sdl(buildSchema({ output }), typeName);
}

/** The printed GraphQL type of a field the mapper makes for `schema`, e.g. `[Int!]!`. */
export function inputTypeOf(schema: z.ZodType, mapper: GraphQLTypeMapper = createGraphQLTypeMapper()): string {
  return String(mapper.inputField(schema, at('SubmitInput')).type);
}

export function outputTypeOf(schema: z.ZodType, mapper: GraphQLTypeMapper = createGraphQLTypeMapper()): string {
  return String(mapper.outputField(schema, at('Result', ['output'])).type);
}
