import { GraphQLBoolean, GraphQLFloat, GraphQLID, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLString } from 'graphql';
import type {
  GraphQLEnumType,
  GraphQLFieldConfig,
  GraphQLInputFieldConfig,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLNullableType,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLScalarType,
  GraphQLUnionType,
} from 'graphql';
import type { z } from 'zod';
import { enumType, inputObjectType, outputObjectType } from './object-types';
import type { MapperContext } from './object-types';
import { DateTimeScalar, UploadScalar } from './scalars';
import { TypeRegistry, UnsupportedZodTypeError } from './type-registry';
import type { TypeLocation } from './type-registry';
import { oneOfType, unionType } from './union-types';
import { defOf, formatsOf, isJsonValue, unwrap } from './zod-introspection';
import type { Direction, Unwrapped, ZodSchema } from './zod-introspection';

export { UnsupportedZodTypeError } from './type-registry';
export type { TypeLocation } from './type-registry';
export { fromGraphQLInput } from './from-graphql-input';

type NullableInputType = GraphQLScalarType | GraphQLEnumType | GraphQLInputObjectType | GraphQLList<GraphQLInputType>;
type NullableOutputType = GraphQLScalarType | GraphQLEnumType | GraphQLObjectType | GraphQLUnionType | GraphQLList<GraphQLOutputType>;

export interface GraphQLTypeMapper {
  /** `{ type, description?, defaultValue? }`; also usable as an argument config. */
  inputField(schema: z.ZodType, at: TypeLocation): GraphQLInputFieldConfig;
  /** `{ type, description? }`. */
  outputField(schema: z.ZodType, at: TypeLocation): GraphQLFieldConfig<unknown, unknown>;
  /** the zod schema a generated GraphQL *input* type name came from (to re-validate raw variables) */
  inputSchemaOf(typeName: string): z.ZodType | undefined;
}

/**
 * One mapper per GraphQL schema: it caches the named types it builds (the same zod schema
 * instance gives the same GraphQL type) and refuses two schemas claiming one name.
 */
export function createGraphQLTypeMapper(): GraphQLTypeMapper {
  const registry = new TypeRegistry();
  const ctx: MapperContext = {
    registry,
    inputField: (schema, at) => inputField(ctx, schema, at),
    outputField: (schema, at, allowLiteral = false) => outputField(ctx, schema, at, allowLiteral),
  };
  return {
    inputField: (schema, at) => inputField(ctx, schema, at),
    outputField: (schema, at) => outputField(ctx, schema, at, false),
    // The registry only ever holds schemas of the classic `z` API the contract is written in.
    inputSchemaOf: (typeName) => registry.inputSchemaOf(typeName) as z.ZodType | undefined,
  };
}

/** Outputs are null only when zod lets them be; inputs may also be left out when zod has a default. */
function isRequired(unwrapped: Unwrapped, direction: Direction): boolean {
  if (unwrapped.optional || unwrapped.nullable) return false;
  return direction === 'output' || !unwrapped.hasDefault;
}

function nonNullUnless<T extends GraphQLNullableType>(type: T, unwrapped: Unwrapped, direction: Direction): T | GraphQLNonNull<T> {
  return isRequired(unwrapped, direction) ? new GraphQLNonNull(type) : type;
}

function inputField(ctx: MapperContext, schema: ZodSchema, at: TypeLocation): GraphQLInputFieldConfig {
  const unwrapped = unwrap(schema, 'input');
  const type = nonNullUnless(inputTypeOf(ctx, unwrapped, at), unwrapped, 'input');
  const defaultValue = printableDefault(unwrapped);
  return {
    type,
    ...(unwrapped.description !== undefined && { description: unwrapped.description }),
    ...(defaultValue !== undefined && { defaultValue }),
  };
}

function outputField(ctx: MapperContext, schema: ZodSchema, at: TypeLocation, allowLiteral: boolean): GraphQLFieldConfig<unknown, unknown> {
  const unwrapped = unwrap(schema, 'output');
  const type = nonNullUnless(outputTypeOf(ctx, unwrapped, at, allowLiteral), unwrapped, 'output');
  return { type, ...(unwrapped.description !== undefined && { description: unwrapped.description }) };
}

/**
 * The default to show in the SDL, undefined for none. GraphQL fills it in for absent fields, so it must be
 * one fixed JSON value (`unwrap` leaves out defaults computed per parse), and a union's default is in zod's shape, not the `@oneOf` shape GraphQL would expect.
 */
function printableDefault(unwrapped: Unwrapped): unknown {
  if (!unwrapped.hasDefault || defOf(unwrapped.core).type === 'union') return undefined;
  return isJsonValue(unwrapped.defaultValue) ? unwrapped.defaultValue : undefined;
}

function inputTypeOf(ctx: MapperContext, unwrapped: Unwrapped, at: TypeLocation): NullableInputType {
  const scalar = scalarOf(unwrapped, at);
  if (scalar !== undefined) return scalar;
  const { core } = unwrapped;
  const def = defOf(core);
  switch (def.type) {
    case 'file':
      return UploadScalar;
    case 'enum':
      return enumType(ctx, core, at);
    case 'array': {
      const element = unwrap(def.element, 'input');
      return new GraphQLList(nonNullUnless(inputTypeOf(ctx, element, at), element, 'input'));
    }
    case 'object':
      return inputObjectType(ctx, core, at);
    case 'union':
      return oneOfType(ctx, core, at);
    default:
      throw unsupported(at, def.type);
  }
}

function outputTypeOf(ctx: MapperContext, unwrapped: Unwrapped, at: TypeLocation, allowLiteral: boolean): NullableOutputType {
  const scalar = scalarOf(unwrapped, at);
  if (scalar !== undefined) return scalar;
  const { core } = unwrapped;
  const def = defOf(core);
  switch (def.type) {
    case 'file':
      throw new UnsupportedZodTypeError(at, 'file', 'which is input-only (Upload) and cannot be an output');
    case 'enum':
      return enumType(ctx, core, at);
    case 'array': {
      const element = unwrap(def.element, 'output');
      return new GraphQLList(nonNullUnless(outputTypeOf(ctx, element, at, false), element, 'output'));
    }
    case 'object':
      return outputObjectType(ctx, core, at);
    case 'union':
      return unionType(ctx, core, at);
    case 'literal':
      if (allowLiteral) return literalScalar(def.values, at);
      throw unsupported(at, def.type);
    default:
      throw unsupported(at, def.type);
  }
}

/** The scalar for a string, number or boolean schema; undefined for any other kind. */
function scalarOf(unwrapped: Unwrapped, at: TypeLocation): GraphQLScalarType | undefined {
  const { core, graphqlScalar } = unwrapped;
  const type = defOf(core).type;
  if (graphqlScalar !== undefined) {
    if (graphqlScalar === 'ID' && type === 'string') return GraphQLID;
    throw new UnsupportedZodTypeError(at, type, `whose meta graphqlScalar "${graphqlScalar}" is not supported (only "ID", on strings)`);
  }
  const formats = formatsOf(core);
  switch (type) {
    case 'string':
      return formats.includes('datetime') ? DateTimeScalar : GraphQLString;
    case 'number':
      // uint32 goes past GraphQL's signed 32-bit Int, so it stays a Float.
      return formats.some((format) => format === 'safeint' || format === 'int32') ? GraphQLInt : GraphQLFloat;
    case 'boolean':
      return GraphQLBoolean;
    default:
      return undefined;
  }
}

/** A discriminator's literal values, typed by the scalar they all fit. */
function literalScalar(values: readonly unknown[], at: TypeLocation): GraphQLScalarType {
  if (values.every((value) => typeof value === 'string')) return GraphQLString;
  if (values.every((value) => typeof value === 'boolean')) return GraphQLBoolean;
  if (values.every((value) => typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 2 ** 31)) return GraphQLInt;
  if (values.every((value) => typeof value === 'number' && Number.isFinite(value))) return GraphQLFloat;
  throw new UnsupportedZodTypeError(at, 'literal', 'whose values do not share one GraphQL scalar');
}

const HINTS: Readonly<Partial<Record<string, string>>> = {
  date: 'which has no GraphQL mapping (contract types are JSON-safe: use timestamp() instead)',
  literal: 'which has no GraphQL mapping outside the discriminator of a discriminated union',
  transform: 'which has no GraphQL mapping (a transform has no zod output type: pipe it into a zod schema)',
};

function unsupported(at: TypeLocation, zodType: string): UnsupportedZodTypeError {
  return new UnsupportedZodTypeError(at, zodType, HINTS[zodType]);
}
