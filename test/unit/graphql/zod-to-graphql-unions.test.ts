import { GraphQLBoolean, GraphQLObjectType, GraphQLOneOfDirective, GraphQLSchema, graphql, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGraphQLTypeMapper, fromGraphQLInput, UnsupportedZodTypeError } from '../../../server/src/protocols/graphql/zod-to-graphql';
import { at, buildSchema, inputSdl, outputSdl, sdl } from './schema-helpers';

const Card = z.object({ type: z.literal('card'), number: z.string() }).meta({ id: 'CardPayment' });
const Transfer = z.object({ type: z.literal('transfer'), iban: z.string() }).meta({ id: 'BankTransfer' });
const Payment = z.discriminatedUnion('type', [Card, Transfer]).meta({ id: 'Payment' });

const Email = z.object({ address: z.email() }).meta({ id: 'EmailChannel' });
const Phone = z.object({ number: z.string() }).meta({ id: 'PhoneChannel' });
const Channel = z.union([Email, Phone]);

/** Runs `Query.result` against a resolver that returns `value`. */
async function resolveResult(schema: GraphQLSchema, source: string, value: unknown) {
  return graphql({ schema, source, rootValue: { result: value } });
}

describe('output unions', () => {
  it('maps a discriminated union of objects to a union named by meta id, members by their meta ids', () => {
    const schema = buildSchema({ output: Payment });
    expect(sdl(schema, 'Payment')).toBe('union Payment = CardPayment | BankTransfer');
  });

  it('keeps the discriminator of an output member as a String field', () => {
    expect(outputSdl(Payment, 'CardPayment')).toBe('type CardPayment {\n  type: String!\n  number: String!\n}');
  });

  it('names a union without meta id by the location and its members without meta id by index', () => {
    const union = z.union([z.object({ a: z.string() }), z.object({ b: z.int() })]);
    const schema = buildSchema({ output: union });
    expect(sdl(schema, 'Result')).toBe('union Result = Result0 | Result1');
    expect(sdl(schema, 'Result1')).toBe('type Result1 {\n  b: Int!\n}');
  });

  it('resolves a discriminated union member by the discriminator value', async () => {
    const schema = buildSchema({ output: Payment });
    const source = '{ result { __typename ... on BankTransfer { iban } } }';
    const result = await resolveResult(schema, source, { type: 'transfer', iban: 'DE00' });
    expect(result).toEqual({ data: { result: { __typename: 'BankTransfer', iban: 'DE00' } } });
  });

  it('resolves a plain union member as the first member whose zod schema accepts the value', async () => {
    const schema = buildSchema({ output: Channel });
    const result = await resolveResult(schema, '{ result { __typename } }', { number: '+49 30 1234' });
    expect(result).toEqual({ data: { result: { __typename: 'PhoneChannel' } } });
  });

  it('reports a field error when the value matches no member of the union', async () => {
    const schema = buildSchema({ output: Channel.nullable() });
    const result = await resolveResult(schema, '{ result { __typename } }', { fax: '123' });
    expect(result.errors?.[0]?.message).toBe('The value returned for union "Result" matches none of its members.');
  });

  it('rejects a union with a member that is not an object', () => {
    const mapper = createGraphQLTypeMapper();
    const union = z.union([z.object({ a: z.string() }), z.string()]);
    expect(() => mapper.outputField(union, at('Result', ['output', 'value']))).toThrow(
      'things.submit: output.value[1] has zod type "string", which is not an object: GraphQL unions can only hold object types',
    );
  });
});

describe('input unions as @oneOf input objects', () => {
  it('relies on a graphql that exports GraphQLOneOfDirective', () => {
    expect(GraphQLOneOfDirective.name).toBe('oneOf');
  });

  it('maps a discriminated union to a @oneOf input with one field per discriminator value', () => {
    const schema = buildSchema({ input: z.object({ payment: Payment }) });
    expect(printSchema(schema)).toContain('input PaymentInput @oneOf {\n  card: CardPaymentInput\n  transfer: BankTransferInput\n}');
  });

  it('leaves the discriminator out of the member input types', () => {
    const schema = buildSchema({ input: z.object({ payment: Payment }) });
    expect(sdl(schema, 'CardPaymentInput')).toBe('input CardPaymentInput {\n  number: String!\n}');
  });

  it('names the fields of a plain union after the camelCased meta ids of its members', () => {
    expect(inputSdl(z.object({ channel: Channel }), 'SubmitInputChannel')).toBe(
      'input SubmitInputChannel @oneOf {\n  emailChannel: EmailChannelInput\n  phoneChannel: PhoneChannelInput\n}',
    );
  });

  it('names member input types without meta id after the union and the field name', () => {
    const union = z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('a'), x: z.int() }),
      z.object({ kind: z.literal('b'), y: z.int() }),
    ]);
    const schema = buildSchema({ input: z.object({ pick: union }) });
    expect(sdl(schema, 'SubmitInputPick')).toContain('a: SubmitInputPickA');
    expect(sdl(schema, 'SubmitInputPickA')).toBe('input SubmitInputPickA {\n  x: Int!\n}');
  });

  it('rejects a plain union member without a meta id to name its field', () => {
    const mapper = createGraphQLTypeMapper();
    const union = z.union([Email, z.object({ fax: z.string() })]);
    expect(() => mapper.inputField(union, at('Channel', ['input', 'channel']))).toThrow(UnsupportedZodTypeError);
    expect(() => mapper.inputField(union, at('Channel', ['input', 'channel']))).toThrow(
      'things.submit: input.channel[1] has zod type "object", which has no meta id to name its @oneOf field',
    );
  });

  it('rejects a discriminated union member with only the discriminator', () => {
    const mapper = createGraphQLTypeMapper();
    const union = z.discriminatedUnion('kind', [z.object({ kind: z.literal('none') }), z.object({ kind: z.literal('some'), n: z.int() })]);
    expect(() => mapper.inputField(union, at('Choice', ['input', 'choice']))).toThrow(
      'things.submit: input.choice[0] has zod type "object", which has no fields besides its discriminator "kind"',
    );
  });

  it('re-validates a member input type without its discriminator through inputSchemaOf', () => {
    const mapper = createGraphQLTypeMapper();
    buildSchema({ input: z.object({ payment: Payment }) }, mapper);
    expect(mapper.inputSchemaOf('PaymentInput')).toBe(Payment);
    expect(mapper.inputSchemaOf('CardPaymentInput')?.safeParse({ number: '4242' }).success).toBe(true);
  });

  it('rejects two members at once when executed', async () => {
    const schema = buildSchema({ input: z.object({ payment: Payment }) });
    const result = await graphql({
      schema,
      source: 'mutation ($input: SubmitInput!) { submit(input: $input) }',
      variableValues: { input: { payment: { card: { number: '4242' }, transfer: { iban: 'DE00' } } } },
    });
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.message).toContain('Exactly one key must be specified for OneOf type "PaymentInput"');
  });

  it('rejects two members at once given inline in the query', async () => {
    const schema = buildSchema({ input: z.object({ payment: Payment }) });
    const source = 'mutation { submit(input: { payment: { card: { number: "1" }, transfer: { iban: "2" } } }) }';
    const result = await graphql({ schema, source });
    expect(result.errors?.[0]?.message).toContain('must specify exactly one key');
  });
});

describe('fromGraphQLInput', () => {
  it('turns a @oneOf value of a discriminated union back into the member, discriminator re-added', () => {
    expect(fromGraphQLInput(Payment, { card: { number: '4242' } })).toEqual({ type: 'card', number: '4242' });
  });

  it('turns a @oneOf value of a plain union back into the member', () => {
    expect(fromGraphQLInput(Channel, { phoneChannel: { number: '+49' } })).toEqual({ number: '+49' });
  });

  it('converts unions nested in objects, arrays, optionals and nullables', () => {
    const Order = z.object({ payments: z.array(Payment.nullable()).optional(), backup: Payment.optional() });
    const value = { payments: [{ transfer: { iban: 'DE00' } }, null], backup: { card: { number: '1' } } };
    expect(fromGraphQLInput(Order, value)).toEqual({
      payments: [{ type: 'transfer', iban: 'DE00' }, null],
      backup: { type: 'card', number: '1' },
    });
  });

  it('drops a null for a field that is optional but not nullable', () => {
    const input = z.object({ message: z.string().optional(), limit: z.int().default(5) });
    expect(fromGraphQLInput(input, { message: null, limit: null })).toEqual({});
  });

  it('keeps a null for a field that is nullable, or required, for zod to judge', () => {
    const input = z.object({ note: z.string().nullable().optional(), name: z.string() });
    expect(fromGraphQLInput(input, { note: null, name: null })).toEqual({ note: null, name: null });
  });

  it('reads the prototype-less objects graphql-js builds from query literals', () => {
    const value: Record<string, unknown> = Object.assign(Object.create(null), { card: { number: '7' } });
    expect(fromGraphQLInput(Payment, value)).toEqual({ type: 'card', number: '7' });
  });

  it('returns unexpected shapes unchanged for zod to report', () => {
    const two = { card: { number: '1' }, transfer: { iban: '2' } };
    expect(fromGraphQLInput(Payment, two)).toBe(two);
    expect(fromGraphQLInput(Payment, { cash: {} })).toEqual({ cash: {} });
    expect(fromGraphQLInput(Payment, 'card')).toBe('card');
    expect(fromGraphQLInput(z.array(Payment), { not: 'a list' })).toEqual({ not: 'a list' });
    expect(fromGraphQLInput(z.object({ a: z.string() }), [1, 2])).toEqual([1, 2]);
  });

  it('keeps keys the zod object does not declare, for a strict object to reject', () => {
    expect(fromGraphQLInput(z.strictObject({ a: z.string() }), { a: 'x', b: 1 })).toEqual({ a: 'x', b: 1 });
  });

  it('hands a resolver a value that zod accepts after a real GraphQL execution', async () => {
    const Input = z.object({ payment: Payment, note: z.string().optional() });
    const mapper = createGraphQLTypeMapper();
    let received: unknown;
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLBoolean } } }),
      mutation: new GraphQLObjectType({
        name: 'Mutation',
        fields: {
          pay: {
            type: GraphQLBoolean,
            args: { input: mapper.inputField(Input, at('PayInput')) },
            resolve: (_root, args: { input: unknown }) => {
              received = Input.parse(fromGraphQLInput(Input, args.input));
              return true;
            },
          },
        },
      }),
    });
    const source = 'mutation { pay(input: { payment: { transfer: { iban: "DE00" } }, note: null }) }';
    expect(await graphql({ schema, source })).toEqual({ data: { pay: true } });
    expect(received).toEqual({ payment: { type: 'transfer', iban: 'DE00' } });
  });
});
