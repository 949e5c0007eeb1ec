import { createHash } from 'node:crypto';

/**
 * What makes two calls "the same request" for an idempotency key: the operation and its input
 * after parsing (defaults applied), in a canonical JSON form where key order does not matter.
 */
export function fingerprintOf(operationName: string, parsedInput: unknown): string {
  return createHash('sha256').update(operationName).update('\n').update(canonicalJson(parsedInput)).digest('hex');
}

/** JSON with object keys sorted at every level, so `{a, b}` and `{b, a}` fingerprint alike. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) => {
    if (nested === null || typeof nested !== 'object' || Array.isArray(nested)) return nested;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(nested).sort()) sorted[key] = (nested as Record<string, unknown>)[key];
    return sorted;
  });
}
