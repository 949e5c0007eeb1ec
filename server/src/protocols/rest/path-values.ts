import type { InputSchema } from '@gatepost/shared';
import { fieldSchema, fromText } from '../text-input/text-value';

/**
 * Path and query-string values arrive as text; the operation's schema says what each field is
 * (`?limit=20` is a number, `?active=true` a boolean), and refuses the rest with its own message.
 */
export function valuesFromText(schema: InputSchema, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const field = fieldSchema(schema, key);
    result[key] = typeof value === 'string' && field ? fromText(field, value) : value;
  }
  return result;
}
