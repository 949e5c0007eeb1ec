import { z } from 'zod';

/** A decimal number as a person writes one: no hex (`0x10`), no `Infinity`, no blanks. */
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A value that arrived as text (a path segment, a query parameter, a form field), typed by the
 * schema of the field it fills: a number field gets a number when the text spells one (`20`),
 * a boolean field a boolean for `true` / `false`. Anything else is left as sent, so the schema's
 * own message names the field (`limit: must be a number`). No other coercion: the schema decides.
 */
export function fromText(field: z.ZodType, text: string | File): unknown {
  // A multipart form's file is already what a file field takes.
  if (typeof text !== 'string') return text;
  const core = unwrapSchema(field);
  if (core instanceof z.ZodNumber && DECIMAL.test(text)) return Number(text);
  if (core instanceof z.ZodBoolean && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** The type under optional, nullable and default wrappers: what a present value must be. */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return unwrapSchema(schema.unwrap() as z.ZodType);
  }
  return schema;
}

/** The schema of an object's field, if it has one by that name (never one of Object.prototype's). */
export function fieldSchema(schema: z.ZodType | undefined, name: string): z.ZodType | undefined {
  const core = schema && unwrapSchema(schema);
  return core instanceof z.ZodObject && Object.hasOwn(core.shape, name) ? (core.shape[name] as z.ZodType) : undefined;
}
