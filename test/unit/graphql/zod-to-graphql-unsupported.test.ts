import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGraphQLTypeMapper, UnsupportedZodTypeError } from '../../../server/src/protocols/graphql/zod-to-graphql';
import { at } from './schema-helpers';

const WHERE = { operation: 'contacts.submit', path: ['input', 'tags'], typeName: 'Tags' } as const;

function inputError(schema: z.ZodType): unknown {
  try {
    createGraphQLTypeMapper().inputField(schema, WHERE);
  } catch (error) {
    return error;
  }
  throw new Error('expected the mapper to throw');
}

function outputError(schema: z.ZodType): unknown {
  try {
    createGraphQLTypeMapper().outputField(schema, { ...WHERE, path: ['output', 'tags'] });
  } catch (error) {
    return error;
  }
  throw new Error('expected the mapper to throw');
}

const WITHOUT_MAPPING: [string, z.ZodType][] = [
  ['record', z.record(z.string(), z.string())],
  ['map', z.map(z.string(), z.string())],
  ['set', z.set(z.string())],
  ['any', z.any()],
  ['unknown', z.unknown()],
  ['tuple', z.tuple([z.string(), z.int()])],
  ['bigint', z.bigint()],
  ['intersection', z.intersection(z.object({ a: z.string() }), z.object({ b: z.string() }))],
  ['custom', z.custom<string>((value) => typeof value === 'string')],
  ['symbol', z.symbol()],
  ['null', z.null()],
  ['nan', z.nan()],
  ['literal', z.literal('x')],
  ['union', z.union([z.object({ a: z.string() }), z.object({ b: z.int() })])],
  ['union', z.discriminatedUnion('kind', [z.object({ kind: z.literal('a') }), z.object({ kind: z.literal('b') })])],
];

describe('unsupported zod types', () => {
  it.each(WITHOUT_MAPPING)('rejects a %s input, naming the operation, path and zod type', (zodType, schema) => {
    const error = inputError(schema);
    expect(error).toBeInstanceOf(UnsupportedZodTypeError);
    expect(error).toHaveProperty('message', `contacts.submit: input.tags has zod type "${zodType}", which has no GraphQL mapping`);
  });

  it.each(WITHOUT_MAPPING)('rejects a %s output the same way', (zodType, schema) => {
    expect(outputError(schema)).toHaveProperty(
      'message',
      `contacts.submit: output.tags has zod type "${zodType}", which has no GraphQL mapping`,
    );
  });

  it('exposes the location and zod type on the error', () => {
    const error = inputError(z.record(z.string(), z.int()));
    expect(error).toMatchObject({ name: 'UnsupportedZodTypeError', zodType: 'record', location: WHERE });
  });

  it('rejects a date and points to timestamp()', () => {
    expect(inputError(z.date())).toHaveProperty(
      'message',
      'contacts.submit: input.tags has zod type "date", which has no GraphQL mapping (contract types are JSON-safe: use timestamp() instead)',
    );
  });

  it('rejects a transform in an output, which has no zod output type', () => {
    expect(outputError(z.string().transform((text) => text.length))).toHaveProperty(
      'message',
      'contacts.submit: output.tags has zod type "transform", which has no GraphQL mapping (a transform has no zod output type: pipe it into a zod schema)',
    );
  });

  it('rejects a file in an output, Upload being input-only', () => {
    expect(outputError(z.file())).toHaveProperty(
      'message',
      'contacts.submit: output.tags has zod type "file", which is input-only (Upload) and cannot be an output',
    );
  });

  it('names the path of an unsupported field nested in objects', () => {
    const input = z.object({ address: z.object({ extra: z.record(z.string(), z.string()) }) });
    expect(() => createGraphQLTypeMapper().inputField(input, at('SubmitInput'))).toThrow(
      'things.submit: input.address.extra has zod type "record", which has no GraphQL mapping',
    );
  });

  it('rejects an object with no fields', () => {
    expect(outputError(z.object({}))).toHaveProperty(
      'message',
      'contacts.submit: output.tags has zod type "object", which has no fields; GraphQL object types need at least one',
    );
  });

  it('rejects an object key that is not a valid GraphQL name', () => {
    expect(inputError(z.object({ 'first-name': z.string() }))).toHaveProperty(
      'message',
      'contacts.submit: input.tags has zod type "object", whose key "first-name" is not a valid GraphQL field name',
    );
  });

  it('rejects a meta id that is not a valid GraphQL name', () => {
    expect(outputError(z.object({ a: z.string() }).meta({ id: 'my-type' }))).toHaveProperty(
      'message',
      'contacts.submit: output.tags has zod type "object", whose GraphQL type name "my-type" is not a valid GraphQL name',
    );
  });

  it('rejects enum values that are not valid GraphQL names', () => {
    expect(inputError(z.enum(['in-progress', 'done']))).toHaveProperty(
      'message',
      'contacts.submit: input.tags has zod type "enum", whose value "in-progress" is not a valid GraphQL enum value name',
    );
    expect(inputError(z.enum(['true', 'false']))).toBeInstanceOf(UnsupportedZodTypeError);
  });

  it('rejects a meta graphqlScalar other than ID on a string', () => {
    expect(inputError(z.string().meta({ graphqlScalar: 'JSON' }))).toHaveProperty(
      'message',
      'contacts.submit: input.tags has zod type "string", whose meta graphqlScalar "JSON" is not supported (only "ID", on strings)',
    );
  });

  it('rejects meta graphqlScalar ID on a number', () => {
    expect(outputError(z.int().meta({ graphqlScalar: 'ID' }))).toBeInstanceOf(UnsupportedZodTypeError);
  });

  it('leaves no half-built type behind, so a fixed schema can claim the name again', () => {
    const mapper = createGraphQLTypeMapper();
    const broken = z.object({ a: z.date() }).meta({ id: 'Thing' });
    expect(() => mapper.outputField(broken, at('X', ['output']))).toThrow(UnsupportedZodTypeError);
    const fixed = z.object({ a: z.iso.datetime() }).meta({ id: 'Thing' });
    expect(String(mapper.outputField(fixed, at('X', ['output'])).type)).toBe('Thing!');
  });
});
