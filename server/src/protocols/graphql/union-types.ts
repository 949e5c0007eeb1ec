import { GraphQLError, GraphQLInputObjectType, GraphQLUnionType } from 'graphql';
import type { GraphQLInputFieldConfigMap, GraphQLObjectType } from 'graphql';
import { z } from 'zod';
import { inputObjectType, outputObjectType, typeNameFor } from './object-types';
import type { MapperContext } from './object-types';
import { UnsupportedZodTypeError } from './type-registry';
import type { TypeLocation } from './type-registry';
import { defOf, discriminatorOf, discriminatorValuesOf, isGraphQLName, metaOf, oneOfOptions, pascalCase } from './zod-introspection';
import type { OneOfOption, ZodSchema } from './zod-introspection';

interface UnionMember {
  readonly schema: ZodSchema;
  readonly type: GraphQLObjectType;
}

function memberLocation(at: TypeLocation, index: number, typeName: string): TypeLocation {
  return { operation: at.operation, path: [...at.path, index], typeName };
}

function requireObjectMember(member: ZodSchema, at: TypeLocation, why: string): void {
  const type = defOf(member).type;
  if (type !== 'object') throw new UnsupportedZodTypeError(at, type, `which is not an object: ${why}`);
}

/** An output union: members named by meta id, else `${unionName}${index}`. */
export function unionType(ctx: MapperContext, schema: ZodSchema, at: TypeLocation): GraphQLUnionType {
  const def = defOf(schema);
  if (def.type !== 'union') throw new UnsupportedZodTypeError(at, def.type);
  const name = typeNameFor(schema, at, false);
  const key = discriminatorOf(schema);
  return ctx.registry.getOrCreate('union', schema, name, at, () => {
    // Built on first use, not here: a member may refer back to this union through a getter.
    let members: UnionMember[] | undefined;
    const membersOf = (): UnionMember[] =>
      (members ??= def.options.map((option, index) => {
        const optionAt = memberLocation(at, index, `${name}${index}`);
        requireObjectMember(option, optionAt, 'GraphQL unions can only hold object types');
        const literalKeys = new Set(key === undefined ? [] : [key]);
        return { schema: option, type: outputObjectType(ctx, option, optionAt, literalKeys) };
      }));
    return new GraphQLUnionType({
      name,
      description: metaOf(schema).description,
      types: () => membersOf().map((member) => member.type),
      resolveType: (value) => resolveMember(name, key, membersOf(), value),
    });
  });
}

/**
 * The member a resolved value belongs to: by discriminator value when there is one (cheap and
 * exact), else the first member whose zod schema accepts it, as zod itself would pick.
 */
function resolveMember(unionName: string, key: string | undefined, members: UnionMember[], value: unknown): string {
  const member =
    key === undefined
      ? members.find((candidate) => z.safeParse(candidate.schema, value).success)
      : members.find((candidate) => discriminatorValuesOf(candidate.schema, key).includes(discriminatorValue(value, key)));
  if (member === undefined) {
    throw new GraphQLError(`The value returned for union "${unionName}" matches none of its members.`);
  }
  return member.type.name;
}

function discriminatorValue(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * An input union as a `@oneOf` input object: GraphQL has no input unions, and `@oneOf` gives
 * "exactly one of these" with GraphQL's own validation. `fromGraphQLInput` turns it back.
 */
export function oneOfType(ctx: MapperContext, schema: ZodSchema, at: TypeLocation): GraphQLInputObjectType {
  const name = typeNameFor(schema, at, true);
  return ctx.registry.getOrCreate('oneOf input', schema, name, at, () => {
    return new GraphQLInputObjectType({
      name,
      description: metaOf(schema).description,
      isOneOf: true,
      fields: () => oneOfFields(ctx, schema, at, name),
    });
  });
}

function oneOfFields(ctx: MapperContext, schema: ZodSchema, at: TypeLocation, name: string): GraphQLInputFieldConfigMap {
  const fields: GraphQLInputFieldConfigMap = {};
  for (const option of oneOfOptions(schema)) {
    const optionAt = memberLocation(at, option.index, at.typeName);
    requireObjectMember(option.member, optionAt, 'input unions become @oneOf input objects of object members');
    const fieldName = checkedFieldName(option, optionAt);
    if (fieldName in fields) {
      throw new UnsupportedZodTypeError(optionAt, 'object', `whose @oneOf field name "${fieldName}" is already taken by another member`);
    }
    const memberAt = { ...optionAt, typeName: `${name}${pascalCase(fieldName)}` };
    // oneOf fields are nullable by definition: GraphQL itself enforces that exactly one is set.
    fields[fieldName] = {
      type: inputObjectType(ctx, option.member, memberAt, option.discriminator?.key),
      description: metaOf(option.member).description,
    };
  }
  return fields;
}

function checkedFieldName(option: OneOfOption, at: TypeLocation): string {
  const { fieldName, discriminator } = option;
  if (fieldName === undefined) {
    const reason =
      discriminator === undefined
        ? 'which has no meta id to name its @oneOf field; give each member of an input union .meta({ id })'
        : `whose discriminator value ${JSON.stringify(discriminator.value)} is not a string and cannot name a @oneOf field`;
    throw new UnsupportedZodTypeError(at, 'object', reason);
  }
  if (!isGraphQLName(fieldName)) {
    throw new UnsupportedZodTypeError(at, 'object', `whose @oneOf field name "${fieldName}" is not a valid GraphQL name`);
  }
  return fieldName;
}
