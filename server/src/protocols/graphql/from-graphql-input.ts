import type { z } from 'zod';
import { defOf, isPlainRecord, oneOfOptions, unwrap } from './zod-introspection';
import type { ZodSchema } from './zod-introspection';

/**
 * Turns a value GraphQL coerced for `schema` back into the shape zod expects:
 * - a `@oneOf` value such as `{ card: { number } }` becomes the union member `{ type: 'card', number }`
 *   (the discriminator re-added for a discriminated union);
 * - a null for a field that is optional but not nullable is dropped, since GraphQL cannot tell an
 *   explicit null from an absent field while zod can.
 * Anything it does not recognise is returned as it is, for zod to report.
 */
export function fromGraphQLInput(schema: z.ZodType, value: unknown): unknown {
  return convert(schema, value);
}

function convert(schema: ZodSchema, value: unknown): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return value === null || value === undefined ? value : convert(def.innerType, value);
    case 'pipe':
      // GraphQL typed the pipe's input side, so that is the side to shape the value for.
      return convert(def.in, value);
    case 'array':
      return Array.isArray(value) ? value.map((element: unknown) => convert(def.element, element)) : value;
    case 'object':
      return isPlainRecord(value) ? convertObject(def.shape, value) : value;
    case 'union':
      return isPlainRecord(value) ? convertOneOf(schema, value) : value;
    default:
      return value;
  }
}

function convertObject(shape: Readonly<Record<string, ZodSchema>>, value: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, fieldValue] of Object.entries(value)) {
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (field === undefined) {
      result[key] = fieldValue;
    } else if (fieldValue === null && dropsNull(field)) {
      continue;
    } else {
      result[key] = convert(field, fieldValue);
    }
  }
  return result;
}

/** Optional (or defaulted) but not nullable: zod accepts the key missing, not null. */
function dropsNull(field: ZodSchema): boolean {
  const unwrapped = unwrap(field, 'input');
  return (unwrapped.optional || unwrapped.hasDefault) && !unwrapped.nullable;
}

/** `{ fieldName: memberValue }` → the member value; any other shape is left for zod to reject. */
function convertOneOf(union: ZodSchema, value: Record<string, unknown>): unknown {
  const keys = Object.keys(value).filter((key) => value[key] !== undefined);
  const [fieldName] = keys;
  if (keys.length !== 1 || fieldName === undefined) return value;
  const option = oneOfOptions(union).find((candidate) => candidate.fieldName === fieldName);
  const memberValue = value[fieldName];
  if (option === undefined || !isPlainRecord(memberValue)) return value;
  const member = convert(option.member, memberValue);
  if (option.discriminator === undefined || !isPlainRecord(member)) return member;
  return { [option.discriminator.key]: option.discriminator.value, ...member };
}
