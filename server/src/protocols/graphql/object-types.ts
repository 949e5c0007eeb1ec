import { GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType } from 'graphql';
import type { GraphQLEnumValueConfigMap, GraphQLFieldConfig, GraphQLInputFieldConfig } from 'graphql';
import { z } from 'zod';
import { UnsupportedZodTypeError } from './type-registry';
import type { TypeLocation, TypeRegistry } from './type-registry';
import { defOf, isGraphQLName, metaOf, pascalCase } from './zod-introspection';
import type { ZodSchema } from './zod-introspection';

/** What the named-type builders need from the mapper: its registry and its field mapping. */
export interface MapperContext {
  readonly registry: TypeRegistry;
  inputField(schema: ZodSchema, at: TypeLocation): GraphQLInputFieldConfig;
  /** `allowLiteral`: the field is the discriminator of a union member, the one place a literal maps. */
  outputField(schema: ZodSchema, at: TypeLocation, allowLiteral?: boolean): GraphQLFieldConfig<unknown, unknown>;
}

/**
 * The GraphQL name of a named type: its meta id, else the location's name. An object used both
 * ways needs two GraphQL types, so its input side gets `Input` appended (`Contact` / `ContactInput`).
 */
export function typeNameFor(schema: ZodSchema, at: TypeLocation, isInputObject: boolean): string {
  const id = metaOf(schema).id;
  const name = id === undefined ? at.typeName : isInputObject && !id.endsWith('Input') ? `${id}Input` : id;
  if (!isGraphQLName(name)) {
    throw new UnsupportedZodTypeError(at, defOf(schema).type, `whose GraphQL type name "${name}" is not a valid GraphQL name`);
  }
  return name;
}

/** The location of an object's field: nested unnamed objects are named after their parent type. */
export function fieldLocation(at: TypeLocation, parentTypeName: string, key: string): TypeLocation {
  return { operation: at.operation, path: [...at.path, key], typeName: `${parentTypeName}${pascalCase(key)}` };
}

/** The fields GraphQL will show, checked: at least one, each with a valid GraphQL name. */
function objectEntries(schema: ZodSchema, at: TypeLocation, omitKey?: string): [string, ZodSchema][] {
  const def = defOf(schema);
  if (def.type !== 'object') throw new UnsupportedZodTypeError(at, def.type);
  const entries = Object.entries(def.shape).filter(([key]) => key !== omitKey);
  if (entries.length === 0) {
    const besides = omitKey === undefined ? '' : ` besides its discriminator "${omitKey}"`;
    throw new UnsupportedZodTypeError(at, 'object', `which has no fields${besides}; GraphQL object types need at least one`);
  }
  for (const [key] of entries) {
    if (!isGraphQLName(key)) {
      throw new UnsupportedZodTypeError(at, 'object', `whose key "${key}" is not a valid GraphQL field name`);
    }
  }
  return entries;
}

/** `literalKeys`: discriminator keys of a union member, whose literal values map to their scalar. */
export function outputObjectType(
  ctx: MapperContext,
  schema: ZodSchema,
  at: TypeLocation,
  literalKeys: ReadonlySet<string> = new Set(),
): GraphQLObjectType {
  const name = typeNameFor(schema, at, false);
  return ctx.registry.getOrCreate('output object', schema, name, at, () => {
    return new GraphQLObjectType({
      name,
      description: metaOf(schema).description,
      fields: () =>
        Object.fromEntries(
          objectEntries(schema, at).map(([key, field]) => [
            key,
            ctx.outputField(field, fieldLocation(at, name, key), literalKeys.has(key)),
          ]),
        ),
    });
  });
}

/**
 * `omitKey`: for a member of a discriminated input union, the discriminator, which the `@oneOf`
 * field name already says; such member types are cached apart from the full input object.
 */
export function inputObjectType(ctx: MapperContext, schema: ZodSchema, at: TypeLocation, omitKey?: string): GraphQLInputObjectType {
  const name = typeNameFor(schema, at, true);
  const kind = omitKey === undefined ? 'input object' : 'oneOf member input';
  const create = (): GraphQLInputObjectType =>
    new GraphQLInputObjectType({
      name,
      description: metaOf(schema).description,
      fields: () =>
        Object.fromEntries(
          objectEntries(schema, at, omitKey).map(([key, field]) => [key, ctx.inputField(field, fieldLocation(at, name, key))]),
        ),
    });
  const inputSchema = omitKey === undefined ? schema : withoutKey(schema, omitKey);
  return ctx.registry.getOrCreate(kind, schema, name, at, create, inputSchema);
}

/** What a member input type's raw value, which has no discriminator, can be re-validated with. */
function withoutKey(schema: ZodSchema, key: string): ZodSchema | undefined {
  // Only classic schemas have .omit(), and zod refuses it on objects with refinements.
  if (!(schema instanceof z.ZodObject)) return undefined;
  try {
    return schema.omit({ [key]: true } as Parameters<typeof schema.omit>[0]);
  } catch {
    return undefined;
  }
}

// Valid names that the GraphQL spec still forbids as enum values.
const RESERVED_ENUM_VALUES: ReadonlySet<string> = new Set(['true', 'false', 'null']);

/** One enum type for both directions: its values are the zod values, so both protocols send the same strings. */
export function enumType(ctx: MapperContext, schema: ZodSchema, at: TypeLocation): GraphQLEnumType {
  const def = defOf(schema);
  if (def.type !== 'enum') throw new UnsupportedZodTypeError(at, def.type);
  const name = typeNameFor(schema, at, false);
  return ctx.registry.getOrCreate('enum', schema, name, at, () => {
    return new GraphQLEnumType({ name, description: metaOf(schema).description, values: enumValues(def.entries, at) });
  });
}

function enumValues(entries: Readonly<Record<string, string | number>>, at: TypeLocation): GraphQLEnumValueConfigMap {
  const values: GraphQLEnumValueConfigMap = {};
  for (const value of new Set(Object.values(entries))) {
    if (typeof value !== 'string' || !isGraphQLName(value) || RESERVED_ENUM_VALUES.has(value)) {
      throw new UnsupportedZodTypeError(at, 'enum', `whose value ${JSON.stringify(value)} is not a valid GraphQL enum value name`);
    }
    values[value] = { value };
  }
  return values;
}
