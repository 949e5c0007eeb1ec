/** The request header that makes a POST safe to retry (IETF httpapi Idempotency-Key draft). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/**
 * A fresh key: a random (version 4) UUID, so two different requests never share one. Browsers
 * offer `crypto.randomUUID` only in secure contexts (HTTPS, localhost); elsewhere the same UUID
 * is made from `crypto.getRandomValues`, which every browser has.
 */
export function newIdempotencyKey(): string {
  const { crypto } = globalThis;
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A call's choice about its key, given in tRPC's per-call `context` or the GraphQL caller's
 * options: a key of your own (reuse it when you retry the same thing yourself), or `false` to
 * send none, which also means the call is never retried. Unset: a fresh key per request.
 */
export type IdempotencyKeyOption = string | false | undefined;

/** Reads the choice from a tRPC operation's context (`mutate(input, { context: { idempotencyKey } })`). */
export function idempotencyKeyOptionOf(context: Record<string, unknown>): IdempotencyKeyOption {
  const option = context.idempotencyKey;
  return typeof option === 'string' || option === false ? option : undefined;
}
