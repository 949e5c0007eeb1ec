import type { InputIssue } from '@gatepost/shared';
import type { z } from 'zod';

type ZodIssue = z.core.$ZodIssue;

const FORMAT_NAMES: Readonly<Record<string, string>> = {
  email: 'an email address',
  url: 'a URL',
  uuid: 'a UUID',
  datetime: 'an ISO 8601 date-time with offset (2026-01-31T12:00:00Z)',
  date: 'an ISO 8601 date (2026-01-31)',
  regex: 'in the expected format',
};

export type Validation = { readonly ok: true; readonly data: unknown } | { readonly ok: false; readonly issues: InputIssue[] };

/**
 * Parses a value with a contract schema and describes what is wrong with it. `reportInput`
 * keeps the offending value on each issue, which tells a missing field from a wrong one.
 */
export function validate(schema: z.ZodType, value: unknown): Validation {
  const parsed = schema.safeParse(value, { reportInput: true });
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, issues: describeZodIssues(parsed.error.issues) };
}

/**
 * Turns zod issues into the human sentences clients show next to a field
 * (`must be an email address`), never zod's internals. Unknown keys become one issue each,
 * so every unexpected field is named on its own path.
 */
export function describeZodIssues(issues: readonly ZodIssue[]): InputIssue[] {
  return issues.flatMap((issue): InputIssue[] => {
    const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key], message: 'is not a known field' }));
    }
    return [{ path, message: describeIssue(issue) }];
  });
}

function describeIssue(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${article(issue.expected)}`;
    case 'too_small':
      return describeBound('at least', issue.origin, Number(issue.minimum));
    case 'too_big':
      return describeBound('at most', issue.origin, Number(issue.maximum));
    case 'invalid_format':
      return `must be ${FORMAT_NAMES[issue.format] ?? `a valid ${issue.format}`}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_union':
      return 'does not match any of the allowed shapes';
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

function describeBound(relation: 'at least' | 'at most', origin: string, bound: number): string {
  if (origin === 'string') {
    if (relation === 'at least' && bound === 1) return 'must not be empty';
    return `must be ${relation} ${bound} character${bound === 1 ? '' : 's'} long`;
  }
  if (origin === 'array' || origin === 'set') return `must have ${relation} ${bound} item${bound === 1 ? '' : 's'}`;
  return `must be ${relation} ${bound}`;
}

function article(expected: string): string {
  if (expected === 'int') return 'a whole number';
  if (expected === 'array') return 'a list';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
