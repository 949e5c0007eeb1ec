import { newIdempotencyKey } from '@gatepost/client';
import { useRef } from 'react';

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
      if (pending.current?.input !== serialized) pending.current = { key: newIdempotencyKey(), input: serialized };
      return pending.current.key;
    },
    settle() {
      pending.current = null;
    },
  };
}
