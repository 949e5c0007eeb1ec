import { useRef } from 'react';

/**
 * A random UUID. `crypto.randomUUID` exists only in secure contexts (HTTPS, localhost); a demo
 * served over plain HTTP on another host still needs keys, so fall back to the same v4 layout
 * from `getRandomValues`, which every browser has.
 */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface IdempotencyKeys {
  /** The key for submitting `input`: the pending one when `input` is what it was made for, else a new one. */
  keyFor(input: unknown): string;
  /** The submission succeeded: the next one, even of equal input, is a new operation. */
  settle(): void;
}

/**
 * One idempotency key per submission. A retry of the same input (after a network error, a
 * 503, a second click) reuses the key, so the server runs it at most once; a changed input,
 * or a new submission after a success, gets a fresh key.
 */
export function useIdempotencyKeys(): IdempotencyKeys {
  const pending = useRef<{ key: string; input: string } | null>(null);
  return {
    keyFor(input) {
      const serialized = JSON.stringify(input);
      if (pending.current?.input !== serialized) pending.current = { key: newKey(), input: serialized };
      return pending.current.key;
    },
    settle() {
      pending.current = null;
    },
  };
}
