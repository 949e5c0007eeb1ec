import { type GatepostError, refusal } from '@gatepost/shared';

/** The request header, as the IETF httpapi draft and Stripe name it. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** Most characters a key may have (Stripe's limit). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * The key a request carries, read from its header. The draft makes the value a Structured
 * Field string (`"8e03…"`); Stripe's clients send it bare. Both are accepted and mean the same key.
 */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}

/** Why a key cannot be used, or undefined when it can. */
export function invalidIdempotencyKey(key: string): GatepostError | undefined {
  if (key.length > 0 && key.length <= MAX_IDEMPOTENCY_KEY_LENGTH && VISIBLE_ASCII.test(key)) return undefined;
  return refusal('IDEMPOTENCY_KEY_MALFORMED', [MAX_IDEMPOTENCY_KEY_LENGTH]);
}

/**
 * The key one call of a batch is stored under: the request's key and the call's position in the
 * request (`3`, `placeOrder`, `2/placeOrder`), joined by a space. A key sent by a client is visible
 * ASCII, never a space, so no key a request can carry names a batch's slot: a lone call keyed
 * `K/0` is a call of its own, not call 0 of the batch keyed `K` (which would replay that call's
 * result — or, across mutations, answer 422 — to a request that never made it). The first space
 * also ends the key, so `K/0` with position `a` and `K` with position `0/a` stay apart.
 */
export function batchSlotKey(key: string, position: string): string {
  return `${key} ${position}`;
}
