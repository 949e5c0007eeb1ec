import { GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType, assertInputType, assertOutputType } from 'graphql';
import type { GraphQLEnumValueConfigMap, GraphQLType } from 'graphql';
import type { z } from 'zod';
import type { Direction, JsonSchema, JsonSchemaField } from './json-schema-field';
import { UnsupportedZodTypeError } from './type-registry';
import type { TypeLocation, TypeRegistry } from './type-registry';

/** A field as the mapper makes it, for either direction; `defaultValue` only on inputs. */
export interface MappedField {
  readonly type: GraphQLType;
  readonly description?: string;
  readonly defaultValue?: unknown;
}

/** What the named-type builders need from the mapper: its registry, the document they read, and its field mapping. */
export interface MapperContext {
  readonly registry: TypeRegistry;
  readonly json: JsonSchemaField;
  readonly direction: Direction;
  field(node: JsonSchema, required: boolean, at: TypeLocation): MappedField;
}

/** The zod type that wrote `node`, as error messages name it (`record`, `date`…). */
export function zodTypeOf(ctx: MapperContext, node: JsonSchema): string {
  const source: unknown = ctx.json.sourceOf(node);
  return typeof source === 'object' && source !== null && 'type' in source && typeof source.type === 'string' ? source.type : 'unknown';
}

/** The schema a named type is cached by; `override` marks every node zod writes, so one is always there. */
function sourceOf(ctx: MapperContext, node: JsonSchema): z.core.$ZodType {
  const source = ctx.json.sourceOf(node);
  if (source === undefined) throw new Error('A JSON Schema node carries no zod source: zod skipped the override');
  return source;
}

/**
 * The GraphQL name of a named type: its meta id, else the location's name. An object used both
 * ways needs two GraphQL types, so its input side gets `Input` appended (`Contact` / `ContactInput`).
 */
function typeNameFor(ctx: MapperContext, node: JsonSchema, id: string | undefined, at: TypeLocation, isInputObject: boolean): string {
  const name = id === undefined ? at.typeName : isInputObject && !id.endsWith('Input') ? `${id}Input` : id;
  if (!isGraphQLName(name)) {
    throw new UnsupportedZodTypeError(at, zodTypeOf(ctx, node), `whose GraphQL type name "${name}" is not a valid GraphQL name`);
  }
  return name;
}

/** The location of an object's field: nested unnamed objects are named after their parent type. */
function fieldLocation(at: TypeLocation, parentTypeName: string, key: string): TypeLocation {
  return { operation: at.operation, path: [...at.path, key], typeName: `${parentTypeName}${pascalCase(key)}` };
}

/** The fields GraphQL will show, checked: at least one, each with a valid GraphQL name. */
function objectEntries(ctx: MapperContext, node: JsonSchema, at: TypeLocation): [string, JsonSchema][] {
  const entries = Object.entries(node.properties ?? {}).map(([key, property]): [string, JsonSchema] => [
    key,
    typeof property === 'object' ? property : {},
  ]);
  if (entries.length === 0) {
    throw new UnsupportedZodTypeError(at, zodTypeOf(ctx, node), 'which has no fields; GraphQL object types need at least one');
  }
  for (const [key] of entries) {
    if (!isGraphQLName(key)) {
      throw new UnsupportedZodTypeError(at, zodTypeOf(ctx, node), `whose key "${key}" is not a valid GraphQL field name`);
    }
  }
  return entries;
}

/** An object's GraphQL type on the mapper's side: an output object type, or an input object type. */
export function objectType(
  ctx: MapperContext,
  node: JsonSchema,
  id: string | undefined,
  at: TypeLocation,
): GraphQLObjectType | GraphQLInputObjectType {
  const isInput = ctx.direction === 'input';
  const name = typeNameFor(ctx, node, id, at, isInput);
  const required = new Set(node.required);
  // Fields are built on first use, not here: a field may refer back to this type (a getter).
  const fields = (): [string, MappedField][] =>
    objectEntries(ctx, node, at).map(([key, property]) => [key, ctx.field(property, required.has(key), fieldLocation(at, name, key))]);
  const description = node.description;
  if (isInput) {
    return ctx.registry.getOrCreate('input object', sourceOf(ctx, node), name, at, () => {
      return new GraphQLInputObjectType({
        name,
        description,
        fields: () => Object.fromEntries(fields().map(([key, field]) => [key, { ...field, type: assertInputType(field.type) }])),
      });
    });
  }
  return ctx.registry.getOrCreate('output object', sourceOf(ctx, node), name, at, () => {
    return new GraphQLObjectType({
      name,
      description,
      fields: () =>
        Object.fromEntries(fields().map(([key, field]) => [key, { type: assertOutputType(field.type), description: field.description }])),
    });
  });
}

// Valid names that the GraphQL spec still forbids as enum values.
const RESERVED_ENUM_VALUES: ReadonlySet<string> = new Set(['true', 'false', 'null']);

/** One enum type for both directions: its values are the zod values, so both protocols send the same strings. */
export function enumType(ctx: MapperContext, node: JsonSchema, id: string | undefined, at: TypeLocation): GraphQLEnumType {
  const name = typeNameFor(ctx, node, id, at, false);
  return ctx.registry.getOrCreate('enum', sourceOf(ctx, node), name, at, () => {
    return new GraphQLEnumType({ name, description: node.description, values: enumValues(ctx, node, at) });
  });
}

function enumValues(ctx: MapperContext, node: JsonSchema, at: TypeLocation): GraphQLEnumValueConfigMap {
  const values: GraphQLEnumValueConfigMap = {};
  for (const value of new Set(node.enum)) {
    if (typeof value !== 'string' || !isGraphQLName(value) || RESERVED_ENUM_VALUES.has(value)) {
      throw new UnsupportedZodTypeError(
        at,
        zodTypeOf(ctx, node),
        `whose value ${JSON.stringify(value)} is not a valid GraphQL enum value name`,
      );
    }
    values[value] = { value };
  }
  return values;
}

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

function isGraphQLName(name: string): boolean {
  return GRAPHQL_NAME.test(name) && !name.startsWith('__');
}

/** `billing_address` → `BillingAddress`, `address` → `Address`. */
function pascalCase(text: string): string {
  return text
    .split(/[^0-9A-Za-z]+/)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
