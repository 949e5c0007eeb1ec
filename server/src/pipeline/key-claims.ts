import { GatepostError, refusal } from '@gatepost/shared';
import type { Database } from '@gatepost/db';
import { claimKey, claimKeys, storeCalls, storedOutcomeOf, type KeyClaim, type KeySlot, type StoredCall } from '../idempotency/store';
import type { CallState } from './call-state';
import type { PipelineDeps } from './pipeline-deps';
import type { Outcome } from './types';

/**
 * The two halves of an idempotency key's life inside a call's transaction, shared by the single
 * call (runKeyed) and the coalesced batch (executeCoalesced). Semantics of the IETF httpapi
 * Idempotency-Key draft, with Stripe's API as the reference behaviour: claim the key first (a
 * duplicate running elsewhere → 409, retryable; a stored result → replay it, or 422 if it was
 * another request's), then store the call's outcome in the same transaction as its effects, so
 * the key's record exists exactly when they do.
 */

/** A keyed call's state: checkIdempotencyKey fixed its key. */
export type KeyedState = CallState & { readonly idempotency: NonNullable<CallState['idempotency']> };

export function isKeyed(state: CallState): state is KeyedState {
  return state.idempotency !== undefined;
}

/** The same key is running right now (in this process or another): the client retries and gets its result. */
export function stillRunningConflict(): GatepostError {
  return refusal('IDEMPOTENCY_KEY_RUNNING', [], { retryable: true });
}

/** How the running-calls set names a key. */
export function runningName(slot: KeySlot): string {
  return `${slot.scope}\n${slot.key}`;
}

/**
 * Claims the keys of `states` in `db` in one round trip. Undefined when any key is held by a
 * transaction still running; otherwise, for each call whose key holds a stored result, the
 * outcome that answers it (a replay, or IDEMPOTENCY_KEY_REUSED for another request's key).
 */
export async function claimKeysOf(db: Database, states: readonly KeyedState[]): Promise<Map<CallState, Outcome<unknown>> | undefined> {
  const slots = states.map((state) => state.idempotency.slot);
  // One key: the plain claim statement; several: one statement for all of them.
  const claims: KeyClaim[] = slots.length === 1 ? [await claimKey(db, slots[0] as KeySlot)] : await claimKeys(db, slots);
  const answers = new Map<CallState, Outcome<unknown>>();
  for (const [position, state] of states.entries()) {
    const claim = claims[position];
    if (!claim || claim.running) return undefined;
    if (claim.stored) answers.set(state, replayOf(claim.stored, state));
  }
  return answers;
}

/** A stored result as the answer to a call with the same key: replayed if it was the same request. */
function replayOf(stored: StoredCall, state: KeyedState): Outcome<unknown> {
  if (stored.fingerprint !== state.idempotency.fingerprint) {
    const other = stored.operation === state.call.operation.name ? 'with a different input' : `for ${stored.operation}`;
    return {
      ok: false,
      error: refusal('IDEMPOTENCY_KEY_REUSED', [other]),
    };
  }
  if (stored.outcome.ok) return { ok: true, data: stored.outcome.data, replayed: true };
  const { code, message, issues } = stored.outcome.error;
  return { ok: false, error: new GatepostError(code, message, issues ? { issues } : {}), replayed: true };
}

/**
 * Runs `work` with the calls' keys marked running in this process, so a duplicate arriving
 * meanwhile is refused without a database round trip. Only calls that run are marked: retries
 * of a finished call replay side by side.
 */
export async function whileRunning<T>(states: readonly KeyedState[], deps: PipelineDeps, work: () => Promise<T>): Promise<T> {
  const names = states.map((state) => runningName(state.idempotency.slot));
  const { running } = deps.idempotency;
  names.forEach((name) => running.add(name));
  try {
    return await work();
  } finally {
    names.forEach((name) => running.delete(name));
  }
}

/** Whether an outcome is final, so a retry must get it again; a failure worth retrying stores nothing. */
export function isFinal(outcome: Outcome<unknown>): boolean {
  return outcome.ok || !(outcome.error.retryable || outcome.error.code === 'INTERNAL');
}

/**
 * Stores the outcomes of keyed calls that ran, in `db` (their transaction), in one statement.
 * The claim's lock makes a live row there impossible; if one appears anyway, throws to roll
 * back rather than answer a key two ways.
 */
export async function storeOutcomes(
  db: Database,
  entries: readonly { readonly state: KeyedState; readonly outcome: Outcome<unknown> }[],
  deps: PipelineDeps,
): Promise<void> {
  const calls = entries.map(({ state, outcome }) => {
    const call: StoredCall = {
      operation: state.call.operation.name,
      fingerprint: state.idempotency.fingerprint,
      outcome: storedOutcomeOf(outcome),
    };
    return { slot: state.idempotency.slot, call };
  });
  if (!(await storeCalls(db, calls, deps.idempotency.retentionSeconds))) throw stillRunningConflict();
}
