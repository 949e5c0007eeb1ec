import {
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLString,
  assertInputType,
  assertOutputType,
  coerceInputValue,
} from 'graphql';
import type { GraphQLFieldConfig, GraphQLInputFieldConfig, GraphQLNullableType, GraphQLType } from 'graphql';
import type { z } from 'zod';
import { asNode, jsonSchemaField } from './json-schema-field';
import type { Direction, JsonSchema, JsonSchemaField } from './json-schema-field';
import { enumType, objectType, zodTypeOf } from './object-types';
import type { MappedField, MapperContext } from './object-types';
import { DateTimeScalar, UploadScalar } from './scalars';
import { TypeRegistry, UnsupportedZodTypeError } from './type-registry';
import type { TypeLocation } from './type-registry';

export { UnsupportedZodTypeError } from './type-registry';
export type { TypeLocation } from './type-registry';
export { fromGraphQLInput } from './from-graphql-input';

export interface GraphQLTypeMapper {
  /** `{ type, description?, defaultValue? }`; also usable as an argument config. */
  inputField(schema: z.ZodType, at: TypeLocation): GraphQLInputFieldConfig;
  /** `{ type, description? }`. */
  outputField(schema: z.ZodType, at: TypeLocation): GraphQLFieldConfig<unknown, unknown>;
  /** the zod schema a generated GraphQL *input* type name came from (to re-validate raw variables) */
  inputSchemaOf(typeName: string): z.ZodType | undefined;
}

/**
 * One mapper per GraphQL schema. It reads each contract schema through zod's public JSON Schema
 * (`z.toJSONSchema`, `io` for the direction): types, formats, `required`, defaults, descriptions and
 * meta ids (`$defs`) all come from there. It caches the named types it builds by the zod schema
 * that wrote them (the same instance gives the same GraphQL type) and refuses two schemas claiming one name.
 */
export function createGraphQLTypeMapper(): GraphQLTypeMapper {
  const registry = new TypeRegistry();
  const map = (schema: z.ZodType, at: TypeLocation, direction: Direction): MappedField => {
    const json = convertedAt(schema, at, direction);
    const ctx: MapperContext = { registry, json, direction, field: (node, required, fieldAt) => mapField(ctx, node, required, fieldAt) };
    return mapField(ctx, json.node, json.required, at);
  };
  return {
    inputField(schema, at) {
      const { type, description, defaultValue } = map(schema, at, 'input');
      return {
        type: assertInputType(type),
        ...(description !== undefined && { description }),
        ...(defaultValue !== undefined && { defaultValue }),
      };
    },
    outputField(schema, at) {
      const { type, description } = map(schema, at, 'output');
      return { type: assertOutputType(type), ...(description !== undefined && { description }) };
    },
    // The registry only ever holds schemas of the classic `z` API the contract is written in.
    inputSchemaOf: (typeName) => registry.inputSchemaOf(typeName) as z.ZodType | undefined,
  };
}

/** zod itself refuses some schemas (two schemas with one meta id in one conversion): say where. */
function convertedAt(schema: z.ZodType, at: TypeLocation, direction: Direction): JsonSchemaField {
  try {
    return jsonSchemaField(schema, direction);
  } catch (error) {
    throw new UnsupportedZodTypeError(at, schema.type, `which zod cannot write as JSON Schema: ${(error as Error).message}`);
  }
}

/** Non-null when the value is `required` and not nullable: an optional output, or an input with a default, may be absent. */
function mapField(ctx: MapperContext, node: JsonSchema, required: boolean, at: TypeLocation): MappedField {
  const { core, nullable } = withoutNull(node);
  // `.optional().describe(…)` and `.describe(…).nullable()` both describe the field, outside or inside the null.
  const description = describesItsType(node) ? undefined : (node.description ?? (describesItsType(core) ? undefined : core.description));
  const type = typeOf(ctx, core, at);
  const defaultValue = ctx.direction === 'input' ? shownDefault(node.default, nullable ? type : new GraphQLNonNull(type)) : undefined;
  return { type: required && !nullable ? new GraphQLNonNull(type) : type, description, defaultValue };
}

/** zod writes `.nullable()` as `anyOf: [T, { type: 'null' }]`, or `type: [t, 'null']` when T is a bare type. */
function withoutNull(node: JsonSchema): { core: JsonSchema; nullable: boolean } {
  const options = node.anyOf ?? [];
  const other = options.find((option) => option.type !== 'null');
  if (options.length === 2 && other !== undefined && options.some((option) => option.type === 'null')) {
    return { core: other, nullable: true };
  }
  if (Array.isArray(node.type) && node.type.includes('null')) {
    const rest = node.type.filter((type) => type !== 'null');
    return { core: { ...node, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
  }
  return { core: node, nullable: false };
}

/** An inline object's or enum's description is its GraphQL type's, not repeated on each field of that type. */
function describesItsType(node: JsonSchema): boolean {
  return node.enum !== undefined || node.type === 'object';
}

/** The default to print, undefined for none: only a value GraphQL itself accepts for the field. */
function shownDefault(value: unknown, type: GraphQLType): unknown {
  if (value === undefined) return undefined;
  let accepted = true;
  const coerced: unknown = coerceInputValue(value, assertInputType(type), () => {
    accepted = false;
  });
  return accepted ? coerced : undefined;
}

function typeOf(ctx: MapperContext, node: JsonSchema, at: TypeLocation): GraphQLNullableType {
  if (node.$ref === undefined) return namedTypeOf(ctx, node, undefined, at);
  const target = ctx.json.resolve(node.$ref);
  return namedTypeOf(ctx, target.node, target.id, at);
}

function namedTypeOf(ctx: MapperContext, node: JsonSchema, id: string | undefined, at: TypeLocation): GraphQLNullableType {
  if (node.graphqlScalar !== undefined) return idScalar(ctx, node, at);
  if (node.enum !== undefined) return enumType(ctx, node, id, at);
  // A literal (`const`) has no GraphQL scalar of its own; only its type would be left.
  if (node.const !== undefined) throw unsupported(ctx, node, at);
  switch (node.type) {
    case 'string':
      return stringScalar(ctx, node, at);
    case 'integer':
      return GraphQLInt;
    case 'number':
      return GraphQLFloat;
    case 'boolean':
      return GraphQLBoolean;
    case 'array': {
      // A tuple (`prefixItems`) has no GraphQL list of one element type.
      const items = asNode(node.items);
      if (items !== undefined && node.prefixItems === undefined) return new GraphQLList(mapField(ctx, items, true, at).type);
      break;
    }
    case 'object':
      // A record has no `properties`: its keys are data, not fields GraphQL could name.
      if (node.properties !== undefined) return objectType(ctx, node, id, at);
      break;
  }
  throw unsupported(ctx, node, at);
}

/** `entityId()` carries `.meta({ graphqlScalar: 'ID' })`, which zod copies into its JSON Schema. */
function idScalar(ctx: MapperContext, node: JsonSchema, at: TypeLocation): GraphQLNullableType {
  if (node.graphqlScalar === 'ID' && node.type === 'string') return GraphQLID;
  const reason = `whose meta graphqlScalar ${JSON.stringify(node.graphqlScalar)} is not supported (only "ID", on strings)`;
  throw new UnsupportedZodTypeError(at, zodTypeOf(ctx, node), reason);
}

function stringScalar(ctx: MapperContext, node: JsonSchema, at: TypeLocation): GraphQLNullableType {
  switch (node.format) {
    case 'date-time':
      return DateTimeScalar;
    case 'binary':
      // z.file(): a multipart request part, which a response cannot send back.
      if (ctx.direction === 'input') return UploadScalar;
      throw new UnsupportedZodTypeError(at, zodTypeOf(ctx, node), 'which is input-only (Upload) and cannot be an output');
    default:
      return GraphQLString;
  }
}

const HINTS: Readonly<Partial<Record<string, string>>> = {
  date: 'which has no GraphQL mapping (contract types are JSON-safe: use timestamp() instead)',
  transform: 'which has no GraphQL mapping (a transform has no zod output type: pipe it into a zod schema)',
};

function unsupported(ctx: MapperContext, node: JsonSchema, at: TypeLocation): UnsupportedZodTypeError {
  const zodType = zodTypeOf(ctx, node);
  return new UnsupportedZodTypeError(at, zodType, HINTS[zodType]);
}
