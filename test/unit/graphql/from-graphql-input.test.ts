import { GraphQLBoolean, GraphQLObjectType, GraphQLSchema, graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGraphQLTypeMapper, fromGraphQLInput } from '../../../server/src/protocols/graphql/zod-to-graphql';
import { at } from './schema-helpers';

describe('fromGraphQLInput', () => {
  it('drops a null for a field that is optional but not nullable', () => {
    const input = z.object({ message: z.string().optional(), limit: z.int().default(5) });
    expect(fromGraphQLInput(input, { message: null, limit: null })).toEqual({});
  });

  it('keeps a null for a field that is nullable, or required, for zod to judge', () => {
    const input = z.object({ note: z.string().nullable().optional(), name: z.string() });
    expect(fromGraphQLInput(input, { note: null, name: null })).toEqual({ note: null, name: null });
  });

  it('drops such nulls in objects nested in arrays, optionals and nullables', () => {
    const Line = z.object({ sku: z.string(), note: z.string().optional() });
    const Order = z.object({ lines: z.array(Line.nullable()).optional(), first: Line.optional() });
    const value = { lines: [{ sku: 'a', note: null }, null], first: { sku: 'b', note: null } };
    expect(fromGraphQLInput(Order, value)).toEqual({ lines: [{ sku: 'a' }, null], first: { sku: 'b' } });
  });

  it('reads the prototype-less objects graphql-js builds from query literals', () => {
    const value: Record<string, unknown> = Object.assign(Object.create(null), { message: null, name: 'x' });
    expect(fromGraphQLInput(z.object({ name: z.string(), message: z.string().optional() }), value)).toEqual({ name: 'x' });
  });

  it('returns unexpected shapes unchanged for zod to report', () => {
    expect(fromGraphQLInput(z.array(z.object({ a: z.string() })), { not: 'a list' })).toEqual({ not: 'a list' });
    expect(fromGraphQLInput(z.object({ a: z.string() }), [1, 2])).toEqual([1, 2]);
    expect(fromGraphQLInput(z.object({ a: z.string() }), 'text')).toBe('text');
  });

  it('keeps keys the zod object does not declare, for a strict object to reject', () => {
    expect(fromGraphQLInput(z.strictObject({ a: z.string() }), { a: 'x', b: 1 })).toEqual({ a: 'x', b: 1 });
  });

  it('hands a resolver a value that zod accepts after a real GraphQL execution', async () => {
    const Input = z.strictObject({ address: z.object({ city: z.string() }), note: z.string().optional() });
    const mapper = createGraphQLTypeMapper();
    let received: unknown;
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLBoolean } } }),
      mutation: new GraphQLObjectType({
        name: 'Mutation',
        fields: {
          send: {
            type: GraphQLBoolean,
            args: { input: mapper.inputField(Input, at('SendInput')) },
            resolve: (_root, args: { input: unknown }) => {
              received = Input.parse(fromGraphQLInput(Input, args.input));
              return true;
            },
          },
        },
      }),
    });
    const source = 'mutation { send(input: { address: { city: "Bonn" }, note: null }) }';
    expect(await graphql({ schema, source })).toEqual({ data: { send: true } });
    expect(received).toEqual({ address: { city: 'Bonn' } });
  });
});
