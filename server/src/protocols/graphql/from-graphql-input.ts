import { z } from 'zod';

type ZodSchema = z.core.$ZodType;

/**
 * Turns a value GraphQL coerced for `schema` back into the shape zod expects: a null for a field
 * that is optional (or defaulted) but not nullable is dropped, since GraphQL cannot tell an
 * explicit null from an absent field while zod can. Anything else is returned as it is, for zod to report.
 * It reads the schema through zod's public classes (`.shape`, `.element`, `.unwrap()`), never `_zod.def`.
 */
export function fromGraphQLInput(schema: z.ZodType, value: unknown): unknown {
  return convert(schema, value);
}

function convert(schema: ZodSchema, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const core = unwrap(schema);
  if (core instanceof z.ZodArray && Array.isArray(value)) return value.map((element: unknown) => convert(core.element, element));
  if (core instanceof z.ZodObject && isPlainRecord(value)) return convertObject(core.shape, value);
  return value;
}

/** The schema under optional, nullable, default and readonly; a pipe's input side, which GraphQL typed. */
function unwrap(schema: ZodSchema): ZodSchema {
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodNullable ||
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodPrefault ||
    schema instanceof z.ZodReadonly
  ) {
    return unwrap(schema.unwrap());
  }
  // zod's JSON Schema shows a pipe's output side when its input side is a transform (preprocess); so does this.
  if (schema instanceof z.ZodPipe) return unwrap(schema.in instanceof z.ZodTransform ? schema.out : schema.in);
  return schema;
}

function convertObject(shape: Readonly<Record<string, ZodSchema>>, value: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, fieldValue] of Object.entries(value)) {
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (field === undefined) result[key] = fieldValue;
    else if (fieldValue === null && dropsNull(field)) continue;
    else result[key] = convert(field, fieldValue);
  }
  return result;
}

/** Optional (or defaulted) but not nullable: zod accepts the key missing, not null. Asked only when a null came. */
function dropsNull(field: ZodSchema): boolean {
  return z.safeParse(field, undefined).success && !z.safeParse(field, null).success;
}

/** Plain objects, including the prototype-less ones graphql-js builds from literals. */
function isPlainRecord(value: object): value is Record<string, unknown> {
  if (Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
