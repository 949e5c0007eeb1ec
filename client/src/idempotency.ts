/** The request header that makes a POST safe to retry (IETF httpapi Idempotency-Key draft). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** A fresh key: random, so two different requests never share one. */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
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
