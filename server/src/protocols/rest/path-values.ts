import type { InputSchema } from '@gatepost/shared';
import { z } from 'zod';

/**
 * Path and query-string values arrive as text; the operation's schema says what each field is.
 * A field the schema types as a number or a boolean is turned into one when the text spells one
 * (`?limit=20`, `?active=true`); anything else is left as sent, so the schema's own message names
 * the field (`limit: expected number, received string`). No other coercion: the schema decides.
 */
export function valuesFromText(schema: InputSchema, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const field = schema.shape[key];
    result[key] = typeof value === 'string' && field ? fromText(field, value) : value;
  }
  return result;
}

function fromText(field: z.ZodType, text: string): unknown {
  const core = unwrap(field);
  if (core instanceof z.ZodNumber && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (core instanceof z.ZodBoolean && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

function unwrap(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return unwrap(schema.unwrap() as z.ZodType);
  }
  return schema;
}
