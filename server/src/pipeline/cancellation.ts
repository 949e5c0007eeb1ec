import { refusal, type GatepostError } from '@gatepost/shared';

export type CancelReason = 'deadline' | 'disconnected' | 'shutdown';

/**
 * When a call must stop: its request ran past its deadline, its client went away, or the server
 * reached its drain deadline while stopping. A
 * transaction running for it is cancelled and rolled back (see runTransaction); a call that has
 * started to commit finishes, and its real result is the answer.
 */
export interface Cancellation {
  /** The request's deadline, in ms, as configured (for the message). */
  readonly deadlineMs: number;
  /** Why the call must stop, once it must. */
  reason(): CancelReason | undefined;
  /** Calls `listener` once, when the call must stop; the function returned stops listening. */
  onCancel(listener: (reason: CancelReason) => void): () => void;
}

/** What a cancelled call answers: 503, retryable, nothing kept. */
export function cancelledError(cancellation: Cancellation, reason: CancelReason): GatepostError {
  if (reason === 'deadline') return refusal('DEADLINE_PASSED', [cancellation.deadlineMs], { retryAfterSeconds: 1 });
  if (reason === 'shutdown') return refusal('SHUTTING_DOWN', [], { retryAfterSeconds: 1 });
  return refusal('CLIENT_WENT_AWAY', [], { retryAfterSeconds: 1 });
}
