import type { FileRules } from '@gatepost/shared';
import { z } from 'zod';
import { unwrapSchema } from '../protocols/text-input/text-value';

const rulesBySchema = new WeakMap<z.ZodType, FileRules | null>();

/**
 * The rules of a `file()` field (its size limit and media types), read through zod's public JSON
 * Schema conversion (`maxLength`, `contentMediaType`) rather than its internals; null for a field
 * that is not a file. Read once per schema.
 */
export function fileRulesOf(field: z.ZodType): FileRules | null {
  const core = unwrapSchema(field);
  const known = rulesBySchema.get(core);
  if (known !== undefined) return known;
  let rules: FileRules | null = null;
  if (core instanceof z.ZodFile) {
    const json = z.toJSONSchema(core, { io: 'input' }) as {
      maxLength?: number;
      contentMediaType?: string;
      anyOf?: { contentMediaType?: string }[];
    };
    const accept =
      json.anyOf?.flatMap((option) => (option.contentMediaType ? [option.contentMediaType] : [])) ??
      (json.contentMediaType ? [json.contentMediaType] : undefined);
    rules = { maxBytes: json.maxLength ?? Number.POSITIVE_INFINITY, ...(accept ? { accept } : {}) };
  }
  rulesBySchema.set(core, rules);
  return rules;
}

/**
 * The rules of the file field at `path` in `schema` (`['attachment']`, `['items', 0, 'file']`):
 * objects by field name, lists by any index. Null where the path names no file field.
 */
export function fileRulesAt(schema: z.ZodType, path: readonly (string | number | symbol)[]): FileRules | null {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    const core: z.ZodType | undefined = current && unwrapSchema(current);
    if (core instanceof z.ZodObject && typeof segment === 'string' && Object.hasOwn(core.shape, segment)) {
      current = core.shape[segment] as z.ZodType;
    } else if (core instanceof z.ZodArray && typeof segment !== 'string') {
      current = core.element as z.ZodType;
    } else {
      return null;
    }
  }
  return current ? fileRulesOf(current) : null;
}
