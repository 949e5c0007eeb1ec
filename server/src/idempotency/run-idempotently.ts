import { GatepostError } from '@gatepost/shared';
import type { Database } from '@gatepost/db';
import { normalizeError } from '../pipeline/normalize-error';
import type { CallState, PipelineDeps, StepResult } from '../pipeline/step';
import { findStoredCall, storeCall, tryLockKey, type KeySlot, type StoredCall, type StoredOutcome } from './store';

/** The same key is running right now (in this process or another): the client retries and gets its result. */
export function stillRunning(): GatepostError {
  return new GatepostError(
    'CONFLICT',
    'A request with this Idempotency-Key is still being processed; retry shortly to receive its result.',
    { retryable: true },
  );
}

/**
 * Runs a call that carries an idempotency key (semantics of the IETF httpapi Idempotency-Key
 * draft, with Stripe's API as the reference behaviour), inside one transaction:
 * 1. lock the key (a duplicate running elsewhere → 409 CONFLICT, retryable);
 * 2. a live stored result → replay it, or 422 IDEMPOTENCY_KEY_REUSED if it was for another request;
 * 3. otherwise run the handler in a savepoint and store its result in the same transaction, so
 *    the key's record exists exactly when the call's effects do. A final failure (declined,
 *    conflict, not found) is stored too, after its savepoint rolled the effects back; a failure
 *    worth retrying (unavailable, internal) stores nothing and rolls everything back.
 * Inside an atomic batch the batch's transaction is used: a failure aborts the whole batch,
 * keys included, so a retry of the batch runs it again.
 */
export async function runIdempotently(state: CallState, deps: PipelineDeps, run: (db: Database) => Promise<void>): Promise<StepResult> {
  const claim = state.idempotency;
  if (!claim) throw new Error('runIdempotently needs a checked idempotency key');
  const running = `${claim.slot.scope}\n${claim.slot.key}`;
  if (deps.idempotency.inFlight.has(running)) return { ok: false, error: stillRunning() };
  deps.idempotency.inFlight.add(running);
  try {
    if (state.outerTransaction) return await inTransaction(state.outerTransaction, false);
    return await deps.db.transaction((transaction) => inTransaction(transaction, true));
  } finally {
    deps.idempotency.inFlight.delete(running);
  }

  async function inTransaction(db: Database, ownsTransaction: boolean): Promise<StepResult> {
    const { slot, fingerprint } = claim as { slot: KeySlot; fingerprint: string };
    if (!(await tryLockKey(db, slot))) return { ok: false, error: stillRunning() };
    const stored = await findStoredCall(db, slot);
    if (stored) return replay(stored, fingerprint, state);
    let outcome: StoredOutcome;
    let failure: GatepostError | undefined;
    if (ownsTransaction) {
      try {
        await db.transaction(run);
        outcome = { ok: true, data: state.output };
      } catch (error) {
        failure = normalizeError(error, state.call.requestId, deps.log);
        if (failure.retryable || failure.code === 'INTERNAL') throw failure;
        outcome = {
          ok: false,
          error: { code: failure.code, message: failure.message, ...(failure.issues ? { issues: failure.issues } : {}) },
        };
      }
    } else {
      await run(db);
      outcome = { ok: true, data: state.output };
    }
    const call: StoredCall = { operation: state.call.operation.name, fingerprint, outcome };
    if (!(await storeCall(db, slot, call, deps.idempotency.retentionSeconds))) throw stillRunning();
    return failure ? { ok: false, error: failure } : { ok: true };
  }
}

function replay(stored: StoredCall, fingerprint: string, state: CallState): StepResult {
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
