import { z } from 'zod';

/**
 * Read-only helpers over zod 4 internals (`schema._zod.def`, the global registry), kept apart
 * from the GraphQL mapping so the mapper and `fromGraphQLInput` read schemas the same way.
 */

/** Core schemas: what def children (`innerType`, `element`, `shape[key]`…) are typed as. */
export type ZodSchema = z.core.$ZodType;

type ZodDef = z.core.$ZodTypes['_zod']['def'];

/** Which side of a schema GraphQL sees: what clients send, or what resolvers return. */
export type Direction = 'input' | 'output';

/** Narrows by `def.type`; every zod 4 schema class is one of `$ZodTypes`. */
export function defOf(schema: ZodSchema): ZodDef {
  return (schema as z.core.$ZodTypes)._zod.def;
}

export interface SchemaMeta {
  readonly id?: string;
  readonly description?: string;
  readonly graphqlScalar?: string;
}

/** The metadata a schema carries itself (the registry already inherits it across `.min()`-style clones, minus the id). */
export function metaOf(schema: ZodSchema): SchemaMeta {
  const meta = z.globalRegistry.get(schema);
  if (meta === undefined) return {};
  const read = (key: string): string | undefined => (typeof meta[key] === 'string' ? meta[key] : undefined);
  return { id: read('id'), description: read('description'), graphqlScalar: read('graphqlScalar') };
}

/** A schema seen through its wrappers (optional, nullable, default, readonly, pipe). */
export interface Unwrapped {
  /** the first schema that is not a wrapper: what decides the GraphQL type */
  readonly core: ZodSchema;
  readonly optional: boolean;
  readonly nullable: boolean;
  readonly hasDefault: boolean;
  /** the outermost default, when it is one fixed value in the shape clients send (no pipe below it) */
  readonly defaultValue?: unknown;
  /**
   * The field's description: the outermost one, so `.optional().describe(…)` and
   * `.describe(…).optional()` both count; an object's, enum's or union's own description
   * describes its GraphQL type instead, and is not repeated on every field of that type.
   */
  readonly description?: string;
  readonly graphqlScalar?: string;
}

const NAMED_TYPES: ReadonlySet<string> = new Set(['object', 'enum', 'union']);

/** Peels wrappers off `schema`; a pipe shows its input side to inputs and its output side to outputs. */
export function unwrap(schema: ZodSchema, direction: Direction): Unwrapped {
  let optional = false;
  let nullable = false;
  let hasDefault = false;
  let defaultValue: unknown;
  let description: string | undefined;
  let graphqlScalar: string | undefined;
  let current = schema;
  for (;;) {
    const meta = metaOf(current);
    const def = defOf(current);
    if (!NAMED_TYPES.has(def.type)) description ??= meta.description;
    graphqlScalar ??= meta.graphqlScalar;
    switch (def.type) {
      case 'optional':
        // An output under a default always has a value, whatever the inner schema allows.
        if (direction === 'input' || !hasDefault) optional = true;
        current = def.innerType;
        break;
      case 'nullable':
        nullable = true;
        current = def.innerType;
        break;
      case 'default':
        if (!hasDefault) defaultValue = fixedDefault(def);
        hasDefault = true;
        current = def.innerType;
        break;
      case 'readonly':
        current = def.innerType;
        break;
      case 'pipe':
        // zod 4 defaults are output values: below a pipe they are not what a client would send.
        defaultValue = undefined;
        current = direction === 'input' ? def.in : def.out;
        break;
      default:
        return { core: current, optional, nullable, hasDefault, defaultValue, description, graphqlScalar };
    }
  }
}

/**
 * zod reads a default through a getter that calls a default function on every parse; two reads
 * that differ (a generated id, a clock) mean there is no one value to show as the default.
 */
function fixedDefault(def: { readonly defaultValue: unknown }): unknown {
  const first: unknown = def.defaultValue;
  const second: unknown = def.defaultValue;
  return JSON.stringify(first) === JSON.stringify(second) ? first : undefined;
}

/** Every format a schema declares: its own (`z.email()`, `z.int()`) and its checks' (`z.number().int()`). */
export function formatsOf(schema: ZodSchema): string[] {
  const def = defOf(schema);
  const formats: string[] = [];
  if ('format' in def && typeof def.format === 'string') formats.push(def.format);
  for (const check of def.checks ?? []) {
    const checkDef: object = check._zod.def;
    if ('format' in checkDef && typeof checkDef.format === 'string') formats.push(checkDef.format);
  }
  return formats;
}

/** The discriminator key of a `z.discriminatedUnion`, undefined for a plain `z.union`. */
export function discriminatorOf(schema: ZodSchema): string | undefined {
  const def = defOf(schema);
  return def.type === 'union' && 'discriminator' in def && typeof def.discriminator === 'string' ? def.discriminator : undefined;
}

/** The literal values an object member of a discriminated union takes at `key`. */
export function discriminatorValuesOf(member: ZodSchema, key: string): unknown[] {
  return [...(member._zod.propValues?.[key] ?? [])];
}

/** One field of the `@oneOf` input object that stands for an input union. */
export interface OneOfOption {
  /** undefined when the member has no name: a plain union member without a meta id */
  readonly fieldName: string | undefined;
  readonly member: ZodSchema;
  readonly index: number;
  /** for a discriminated union: the key and value `fromGraphQLInput` puts back */
  readonly discriminator?: { readonly key: string; readonly value: unknown };
}

/**
 * The `@oneOf` fields of an input union: one per discriminator value, or one per member named
 * after its meta id. Shared by the mapper and `fromGraphQLInput` so both agree on the names.
 */
export function oneOfOptions(union: ZodSchema): OneOfOption[] {
  const def = defOf(union);
  if (def.type !== 'union') return [];
  const key = discriminatorOf(union);
  return def.options.flatMap((member, index): OneOfOption[] => {
    if (key === undefined) {
      const id = metaOf(member).id;
      return [{ fieldName: id === undefined ? undefined : camelCase(id), member, index }];
    }
    return discriminatorValuesOf(member, key).map((value) => ({
      fieldName: typeof value === 'string' ? value : undefined,
      member,
      index,
      discriminator: { key, value },
    }));
  });
}

/** Values GraphQL can print as a default: what JSON can carry, nothing else. */
export function isJsonValue(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonValue);
  return isPlainRecord(value) && Object.values(value).every(isJsonValue);
}

/** Plain objects, including the prototype-less ones graphql-js builds from literals. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

export function isGraphQLName(name: string): boolean {
  return GRAPHQL_NAME.test(name) && !name.startsWith('__');
}

function words(text: string): string[] {
  return text.split(/[^0-9A-Za-z]+/).filter((word) => word !== '');
}

/** `billing_address` → `BillingAddress`, `address` → `Address`. */
export function pascalCase(text: string): string {
  return words(text)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** `CardPayment` → `cardPayment`, `bank-transfer` → `bankTransfer`. */
export function camelCase(text: string): string {
  const pascal = pascalCase(text);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}
