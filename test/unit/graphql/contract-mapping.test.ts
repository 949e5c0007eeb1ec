import { contract, defineContract, defineMutation, graphqlInputTypeName, listOperations } from '@gatepost/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildGraphQLSchema } from '../../../server/src/protocols/graphql/build-schema';
import { createGraphQLTypeMapper, UnsupportedZodTypeError } from '../../../server/src/protocols/graphql/zod-to-graphql';

const operations = listOperations(contract).map((operation) => [operation.name, operation] as const);

describe('the contract through the GraphQL mapper', () => {
  it.each(operations)('maps the output of %s', (_name, operation) => {
    const mapper = createGraphQLTypeMapper();
    expect(() => mapper.outputField(operation.output, { operation: operation.name, path: ['output'], typeName: 'Payload' })).not.toThrow();
  });

  it.each(operations.filter(([, operation]) => Object.keys(operation.input.shape).length > 0))(
    'maps the input of %s and traces its type back to the contract schema',
    (_name, operation) => {
      const mapper = createGraphQLTypeMapper();
      const typeName = graphqlInputTypeName(operation);
      mapper.inputField(operation.input, { operation: operation.name, path: ['input'], typeName });
      expect(mapper.inputSchemaOf(typeName)).toBe(operation.input);
    },
  );

  function tagContract(output: z.ZodType) {
    return defineContract({
      notes: {
        tag: defineMutation({
          name: 'notes.tag',
          description: 'Tag a note',
          auth: 'public',
          input: z.strictObject({ id: z.string() }),
          output,
        }),
      },
    });
  }

  it('refuses at start-up an output with no GraphQL mapping, naming the mutation and the nested path', () => {
    const output = z.object({ items: z.array(z.object({ at: z.date() })) }).meta({ id: 'TagResult' });
    expect(() => buildGraphQLSchema(tagContract(output))).toThrow(
      'notes.tag: output.items.at has zod type "date", which has no GraphQL mapping (contract types are JSON-safe: use timestamp() instead)',
    );
  });

  it('refuses an output union, which the contract does not use, instead of a JSON scalar', () => {
    const output = z.object({ result: z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]) });
    expect(() => buildGraphQLSchema(tagContract(output))).toThrow(
      'notes.tag: output.result has zod type "union", which has no GraphQL mapping',
    );
  });

  it('names where zod itself refuses a schema: two schemas sharing a meta id in one input', () => {
    const mapper = createGraphQLTypeMapper();
    const input = z.object({ a: z.object({ x: z.string() }).meta({ id: 'Twin' }), b: z.object({ y: z.string() }).meta({ id: 'Twin' }) });
    const where = { operation: 'notes.tag', path: ['input'], typeName: 'TagInput' };
    expect(() => mapper.inputField(input, where)).toThrow(UnsupportedZodTypeError);
    expect(() => mapper.inputField(input, where)).toThrow(
      /^notes\.tag: input has zod type "object", which zod cannot write as JSON Schema: .*Twin/,
    );
  });
});
