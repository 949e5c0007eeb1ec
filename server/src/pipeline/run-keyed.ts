import type { Database } from '@gatepost/db';
import type { StepResult } from './call-state';
import { claimKeysOf, runningName, stillRunningConflict, storeOutcomes, whileRunning, type KeyedState } from './key-claims';
import { normalizeError } from './normalize-error';
import type { PipelineDeps } from './pipeline-deps';
import { retryingCollisions } from './retry-collisions';
import { runTransaction } from './run-transaction';
import type { Outcome } from './types';

/**
 * runHandler's path for a call that carries an idempotency key: claim the key, replay its
 * stored result or run the handler (`run`), and store the result with the handler's writes,
 * in one transaction (see key-claims.ts). A final failure (declined, conflict, not found) rolls
 * the effects back and is then stored in a transaction of its own, so a retry gets the same
 * answer; if the same request completed in the meantime (another process), that stored result is
 * the answer. A failure worth retrying (unavailable, internal) stores nothing. Inside an atomic
 * batch the batch's transaction is used: a failure aborts the whole batch, keys included, so a
 * retry of the batch runs it again.
 */
export async function runKeyed(state: KeyedState, deps: PipelineDeps, run: (db: Database) => Promise<void>): Promise<StepResult> {
  const { running } = deps.idempotency;
  const name = runningName(state.idempotency.slot);
  // A twin running in this process is answered without a database round trip (another process's
  // twin is found by the claim's advisory lock).
  if (running.has(name)) return { ok: false, error: stillRunningConflict() };
  if (state.outerTransaction) return claimRunAndStore(state.outerTransaction);
  try {
    return await retryingCollisions(state, () => runTransaction(deps.db, state.call.scope.cancellation, claimRunAndStore));
  } catch (error) {
    const failure = normalizeError(error, state.call.scope.requestId, deps.log);
    if (failure.retryable || failure.code === 'INTERNAL') throw failure;
    return deps.db.transaction((db) => claimAndStoreFailure(db, { ok: false, error: failure }));
  }

  async function claimRunAndStore(db: Database): Promise<StepResult> {
    const answers = await claimKeysOf(db, [state]);
    if (!answers || running.has(name)) return { ok: false, error: stillRunningConflict() };
    const answer = answers.get(state);
    if (answer) return adopt(answer);
    await whileRunning([state], deps, () => run(db));
    await storeOutcomes(db, [{ state, outcome: { ok: true, data: state.output } }], deps);
    return { ok: true };
  }

  async function claimAndStoreFailure(db: Database, failure: Outcome<unknown> & { ok: false }): Promise<StepResult> {
    const answers = await claimKeysOf(db, [state]);
    if (!answers) return { ok: false, error: stillRunningConflict() };
    const answer = answers.get(state);
    if (answer) return adopt(answer);
    await storeOutcomes(db, [{ state, outcome: failure }], deps);
    return failure;
  }

  /** A stored answer as this call's result: execute() reports it as replayed. */
  function adopt(answer: Outcome<unknown>): StepResult {
    if (answer.replayed) state.replayed = true;
    if (!answer.ok) return { ok: false, error: answer.error };
    state.output = answer.data;
    return { ok: true };
  }
}
