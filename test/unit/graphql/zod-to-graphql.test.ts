import { getNullableType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { entityId, timestamp } from '../../../shared/src/define';
import { createGraphQLTypeMapper } from '../../../server/src/protocols/graphql/zod-to-graphql';
import { at, buildSchema, inputSdl, inputTypeOf, outputSdl, outputTypeOf, sdl } from './schema-helpers';

describe('scalar mapping', () => {
  it('maps z.string() to String', () => {
    expect(outputTypeOf(z.string())).toBe('String!');
  });

  it('maps string formats such as z.email() and z.url() to String', () => {
    expect(outputTypeOf(z.email())).toBe('String!');
    expect(outputTypeOf(z.url())).toBe('String!');
    expect(outputTypeOf(z.iso.date())).toBe('String!');
  });

  it('keeps a string with trim, min and max checks a String', () => {
    expect(inputTypeOf(z.string().trim().min(1).max(100))).toBe('String!');
  });

  it('maps a string with meta graphqlScalar ID to ID', () => {
    expect(outputTypeOf(z.string().meta({ graphqlScalar: 'ID' }))).toBe('ID!');
  });

  it('maps entityId(), a uuid with meta graphqlScalar ID, to ID even after more checks', () => {
    expect(inputTypeOf(entityId())).toBe('ID!');
    expect(inputTypeOf(entityId().max(36))).toBe('ID!');
  });

  it('maps a plain z.uuid() to String', () => {
    expect(outputTypeOf(z.uuid())).toBe('String!');
  });

  it('maps timestamp() and z.iso.datetime() to DateTime', () => {
    expect(outputTypeOf(timestamp())).toBe('DateTime!');
    expect(inputTypeOf(z.iso.datetime())).toBe('DateTime!');
  });

  it('maps z.int(), z.number().int() and z.int32() to Int', () => {
    expect(outputTypeOf(z.int())).toBe('Int!');
    expect(outputTypeOf(z.number().int().min(0))).toBe('Int!');
    expect(outputTypeOf(z.int32())).toBe('Int!');
  });

  it('maps a number without an int format to Float', () => {
    expect(outputTypeOf(z.number().min(0).max(1))).toBe('Float!');
  });

  it('maps every JSON Schema integer to Int, z.uint32() included', () => {
    expect(outputTypeOf(z.uint32())).toBe('Int!');
  });

  it('maps z.boolean() to Boolean', () => {
    expect(outputTypeOf(z.boolean())).toBe('Boolean!');
  });

  it('maps z.file() to Upload in inputs', () => {
    expect(inputTypeOf(z.file())).toBe('Upload!');
  });
});

describe('nullability', () => {
  it('makes an output field non-null when the schema is neither nullable nor optional', () => {
    expect(outputTypeOf(z.string())).toBe('String!');
  });

  it('makes an output field nullable when the schema is nullable or optional', () => {
    expect(outputTypeOf(z.string().nullable())).toBe('String');
    expect(outputTypeOf(z.string().optional())).toBe('String');
  });

  it('keeps an output field with a default non-null', () => {
    expect(outputTypeOf(z.string().default('x'))).toBe('String!');
  });

  it('makes an input field non-null only when it is required', () => {
    expect(inputTypeOf(z.string())).toBe('String!');
    expect(inputTypeOf(z.string().optional())).toBe('String');
    expect(inputTypeOf(z.string().nullable())).toBe('String');
    expect(inputTypeOf(z.string().default('x'))).toBe('String');
  });

  it('sets a JSON default as the GraphQL default value', () => {
    const input = z.object({ limit: z.int().default(20), tags: z.array(z.string()).default(['a']) });
    expect(inputSdl(input)).toBe('input SubmitInput {\n  limit: Int = 20\n  tags: [String!] = ["a"]\n}');
  });

  it('leaves out a default that is not JSON-representable', () => {
    const mapper = createGraphQLTypeMapper();
    expect(mapper.inputField(z.number().default(Number.POSITIVE_INFINITY), at('X'))).not.toHaveProperty('defaultValue');
  });

  it('leaves out a default given in the output shape of a transform', () => {
    const mapper = createGraphQLTypeMapper();
    const field = mapper.inputField(
      z
        .string()
        .transform((text) => text.length)
        .default(3),
      at('X'),
    );
    expect(field).not.toHaveProperty('defaultValue');
  });

  it('leaves out a default computed anew on each parse', () => {
    const mapper = createGraphQLTypeMapper();
    const field = mapper.inputField(
      z.string().default(() => crypto.randomUUID()),
      at('X'),
    );
    expect(field).not.toHaveProperty('defaultValue');
    expect(String(field.type)).toBe('String');
  });
});

describe('arrays', () => {
  it('maps z.array(T) to a non-null list of non-null T', () => {
    expect(outputTypeOf(z.array(z.int()))).toBe('[Int!]!');
    expect(inputTypeOf(z.array(z.string()))).toBe('[String!]!');
  });

  it('makes list items nullable when the element schema is nullable', () => {
    expect(outputTypeOf(z.array(z.string().nullable()))).toBe('[String]!');
  });

  it('makes the list itself nullable when the array is optional', () => {
    expect(inputTypeOf(z.array(z.string()).optional())).toBe('[String!]');
  });
});

describe('descriptions', () => {
  it('uses .describe() on a field as its GraphQL description, inside or outside optional', () => {
    const input = z.object({ a: z.string().describe('Inner'), b: z.string().optional().describe('Outer') });
    expect(inputSdl(input)).toBe('input SubmitInput {\n  """Inner"""\n  a: String!\n\n  """Outer"""\n  b: String\n}');
  });

  it('uses an object meta description as the type description', () => {
    const output = z.object({ a: z.string() }).meta({ id: 'Thing', description: 'A thing' });
    expect(outputSdl(output, 'Thing')).toBe('"""A thing"""\ntype Thing {\n  a: String!\n}');
  });

  it('does not repeat an object description on each field of that type', () => {
    const Thing = z.object({ a: z.string() }).meta({ id: 'Thing', description: 'A thing' });
    const output = z.object({ plain: Thing, described: Thing.optional().describe('The spare') });
    expect(outputSdl(output)).toBe('type Result {\n  plain: Thing!\n\n  """The spare"""\n  described: Thing\n}');
  });
});

describe('objects', () => {
  const Contact = z.object({ id: entityId(), at: timestamp() }).meta({ id: 'Contact' });

  it('names an output object type by its meta id', () => {
    expect(outputSdl(Contact, 'Contact')).toBe('type Contact {\n  id: ID!\n  at: DateTime!\n}');
  });

  it('appends Input to the meta id of an object used as input', () => {
    expect(inputSdl(Contact, 'ContactInput')).toBe('input ContactInput {\n  id: ID!\n  at: DateTime!\n}');
  });

  it('keeps a meta id that already ends in Input unchanged for the input type', () => {
    const input = z.object({ a: z.string() }).meta({ id: 'SearchInput' });
    expect(inputSdl(input, 'SearchInput')).toBe('input SearchInput {\n  a: String!\n}');
  });

  it('gives one object used as input and output two types named Contact and ContactInput', () => {
    const schema = buildSchema({ input: Contact, output: Contact });
    expect(schema.getType('Contact')?.toString()).toBe('Contact');
    expect(schema.getType('ContactInput')?.toString()).toBe('ContactInput');
  });

  it('names an object without a meta id by the location type name', () => {
    expect(outputSdl(z.object({ a: z.boolean() }), 'Result')).toBe('type Result {\n  a: Boolean!\n}');
  });

  it('names nested unnamed objects after their parent type and PascalCase field name', () => {
    const input = z.object({ billing_address: z.object({ city: z.string() }) });
    const schema = buildSchema({ input });
    expect(sdl(schema, 'SubmitInput')).toContain('billing_address: SubmitInputBillingAddress!');
    expect(sdl(schema, 'SubmitInputBillingAddress')).toBe('input SubmitInputBillingAddress {\n  city: String!\n}');
  });

  it('maps the same zod schema instance to the same GraphQL type', () => {
    const mapper = createGraphQLTypeMapper();
    const first = mapper.outputField(Contact, at('A', ['output', 'a'])).type;
    const second = mapper.outputField(Contact.nullable(), at('B', ['output', 'b'])).type;
    expect(String(first)).toBe('Contact!');
    expect(String(second)).toBe('Contact');
    expect(getNullableType(first)).toBe(second);
  });

  it('caches input and output types separately', () => {
    const mapper = createGraphQLTypeMapper();
    const Point = z.object({ x: z.number() });
    expect(String(mapper.outputField(Point, at('Point')).type)).toBe('Point!');
    expect(String(mapper.inputField(Point, at('PointInput')).type)).toBe('PointInput!');
  });

  it('throws naming both locations when two schemas claim the same GraphQL name', () => {
    const mapper = createGraphQLTypeMapper();
    mapper.outputField(Contact, at('X', ['output']));
    const Impostor = z.object({ name: z.string() }).meta({ id: 'Contact' });
    expect(() => mapper.outputField(Impostor, { operation: 'users.get', path: ['output', 'owner'], typeName: 'Y' })).toThrow(
      'GraphQL type name "Contact" is claimed twice: by the output object at things.submit: output ' +
        'and by a different output object at users.get: output.owner; give one of them another meta id.',
    );
  });

  it('maps a recursive object declared with a getter to a self-referencing type', () => {
    const Category = z.object({
      name: z.string(),
      get children() {
        return z.array(Category);
      },
    });
    expect(outputSdl(Category, 'Result')).toBe('type Result {\n  name: String!\n  children: [Result!]!\n}');
  });
});

describe('enums', () => {
  it('maps z.enum to a GraphQL enum named by its meta id, with the values as given', () => {
    const Status = z.enum(['open', 'CLOSED']).meta({ id: 'Status' });
    expect(outputSdl(z.object({ status: Status }), 'Status')).toBe('enum Status {\n  open\n  CLOSED\n}');
  });

  it('names an enum without a meta id by the location type name', () => {
    const schema = buildSchema({ input: z.object({ kind: z.enum(['a', 'b']) }) });
    expect(sdl(schema, 'SubmitInputKind')).toBe('enum SubmitInputKind {\n  a\n  b\n}');
  });

  it('uses one enum type for input and output, without an Input suffix', () => {
    const Status = z.enum(['open', 'closed']).meta({ id: 'Status' });
    const schema = buildSchema({ input: z.object({ status: Status }), output: z.object({ status: Status }) });
    expect(sdl(schema, 'SubmitInput')).toContain('status: Status!');
    expect(sdl(schema, 'Result')).toContain('status: Status!');
  });
});

describe('schemas JSON Schema describes as another type', () => {
  it('maps z.lazy() and z.templateLiteral() by what they hold on the wire: a string', () => {
    expect(inputTypeOf(z.lazy(() => z.string()))).toBe('String!');
    expect(outputTypeOf(z.templateLiteral(['id-', z.int()]))).toBe('String!');
  });
});

describe('pipes and transforms', () => {
  it('uses the input side of a transform for inputs', () => {
    expect(inputTypeOf(z.string().transform((text) => text.length))).toBe('String!');
  });

  it('uses the output side of a pipe for outputs when it is a zod type', () => {
    expect(outputTypeOf(z.string().pipe(z.coerce.number()))).toBe('Float!');
    expect(inputTypeOf(z.string().pipe(z.coerce.number()))).toBe('String!');
  });

  it('sees nullability through a pipe', () => {
    expect(
      inputTypeOf(
        z
          .string()
          .optional()
          .transform((text) => text ?? ''),
      ),
    ).toBe('String');
  });
});

describe('inputSchemaOf', () => {
  it('returns the zod schema each generated input object type was made from', () => {
    const Address = z.object({ city: z.string() });
    const Input = z.object({ address: Address });
    const mapper = createGraphQLTypeMapper();
    buildSchema({ input: Input }, mapper);
    expect(mapper.inputSchemaOf('SubmitInput')).toBe(Input);
    expect(mapper.inputSchemaOf('SubmitInputAddress')).toBe(Address);
  });

  it('returns undefined for output types and unknown names', () => {
    const mapper = createGraphQLTypeMapper();
    buildSchema({ output: z.object({ a: z.string() }) }, mapper);
    expect(mapper.inputSchemaOf('Result')).toBeUndefined();
    expect(mapper.inputSchemaOf('Nope')).toBeUndefined();
  });
});
