import { GatepostError } from '@gatepost/shared';
import type { Database } from '@gatepost/db';
import { normalizeError } from '../pipeline/normalize-error';
import type { CallState, StepResult } from '../pipeline/call-state';
import type { PipelineDeps } from '../pipeline/pipeline-deps';
import { claimKey, storeCall, storedOutcomeOf, type KeySlot, type StoredCall, type StoredOutcome } from './store';

/** The same key is running right now (in this process or another): the client retries and gets its result. */
export function stillRunningConflict(): GatepostError {
  return new GatepostError(
    'CONFLICT',
    'A request with this Idempotency-Key is still being processed; retry shortly to receive its result.',
    {
      retryable: true,
    },
  );
}

/**
 * Runs a call that carries an idempotency key (semantics of the IETF httpapi Idempotency-Key
 * draft, with Stripe's API as the reference behaviour):
 * 1. claim the key: a duplicate running elsewhere → 409 CONFLICT, retryable;
 * 2. a live stored result → replay it, or 422 IDEMPOTENCY_KEY_REUSED if it was another request's;
 * 3. otherwise run the handler and store its result in the same transaction, so the key's
 *    record exists exactly when the call's effects do.
 * A final failure (declined, conflict, not found) rolls the effects back and is then stored in a
 * transaction of its own, so a retry gets the same answer; if the same request completed in the
 * meantime (another process), that stored result is the answer. A failure worth retrying
 * (unavailable, internal) stores nothing. Inside an atomic batch the batch's transaction is used:
 * a failure aborts the whole batch, keys included, so a retry of the batch runs it again.
 */
export async function runIdempotently(state: CallState, deps: PipelineDeps, run: (db: Database) => Promise<void>): Promise<StepResult> {
  const claim = state.idempotency;
  if (!claim) throw new Error('runIdempotently needs a checked idempotency key');
  const { slot, fingerprint } = claim;
  const name = runningName(slot);
  const { running } = deps.idempotency;
  // Answered without a database round trip: on PGlite, whose one connection the running call's
  // transaction holds, the duplicate would otherwise wait for it instead of hearing it runs.
  if (running.has(name)) return { ok: false, error: stillRunningConflict() };
  if (state.outerTransaction) return runAndStore(state.outerTransaction);
  try {
    return await deps.db.transaction(runAndStore);
  } catch (error) {
    const failure = normalizeError(error, state.call.scope.requestId, deps.log);
    if (failure.retryable || failure.code === 'INTERNAL') throw failure;
    return deps.db.transaction((db) => storeFailure(db, failure));
  }

  async function runAndStore(db: Database): Promise<StepResult> {
    const claimed = await claimKey(db, slot);
    if (claimed.running || running.has(name)) return { ok: false, error: stillRunningConflict() };
    if (claimed.stored) return replay(claimed.stored, fingerprint, state);
    // Only a call that runs is marked running: retries of a finished call replay side by side.
    running.add(name);
    try {
      await run(db);
    } finally {
      running.delete(name);
    }
    await store(db, { ok: true, data: state.output });
    return { ok: true };
  }

  async function storeFailure(db: Database, failure: GatepostError): Promise<StepResult> {
    const claimed = await claimKey(db, slot);
    if (claimed.running) return { ok: false, error: stillRunningConflict() };
    if (claimed.stored) return replay(claimed.stored, fingerprint, state);
    await store(db, storedOutcomeOf({ ok: false, error: failure }));
    return { ok: false, error: failure };
  }

  async function store(db: Database, outcome: StoredOutcome): Promise<void> {
    const call: StoredCall = { operation: state.call.operation.name, fingerprint, outcome };
    // The claim's lock makes a live row here impossible; if one appears anyway, roll back rather than answer a key two ways.
    if (!(await storeCall(db, slot, call, deps.idempotency.retentionSeconds))) throw stillRunningConflict();
  }
}

/** How the running-calls set names a key. */
export function runningName(slot: KeySlot): string {
  return `${slot.scope}\n${slot.key}`;
}

export function replay(stored: StoredCall, fingerprint: string, state: CallState): StepResult {
  if (stored.fingerprint !== fingerprint) {
    const other = stored.operation === state.call.operation.name ? 'with a different input' : `for ${stored.operation}`;
    return {
      ok: false,
      error: new GatepostError(
        'IDEMPOTENCY_KEY_REUSED',
        `This Idempotency-Key was already used ${other}; send a new key for a new request.`,
      ),
    };
  }
  state.replayed = true;
  if (stored.outcome.ok) {
    state.output = stored.outcome.data;
    return { ok: true };
  }
  const { code, message, issues } = stored.outcome.error;
  return { ok: false, error: new GatepostError(code, message, issues ? { issues } : {}) };
}
