import type { Database } from '@gatepost/db';
import type { CallState, StepResult } from '../call-state';
import { contextFor } from '../handler-context';
import { isKeyed } from '../key-claims';
import type { PipelineDeps } from '../pipeline-deps';
import { runKeyed } from '../run-keyed';
import { retryingCollisions } from '../retry-collisions';
import { runTransaction } from '../run-transaction';

/**
 * Runs the handler — inside a transaction for mutations, so a handler that throws leaves no
 * half-written rows. The output is parsed inside the transaction too: an output that breaks
 * the contract is a bug, and its writes are rolled back with it. A handler declared
 * `singleStatement` runs without BEGIN/COMMIT: its one statement is atomic on its own. Inside
 * an atomic batch the batch's transaction is used, and the batch decides what is kept.
 * A call with an idempotency key runs through runKeyed, which claims the key first and stores
 * the result with the handler's writes. A transaction PostgreSQL rolled back for a deadlock or a
 * serialization failure runs again (see retryingCollisions).
 */
export async function runHandler(state: CallState, deps: PipelineDeps): Promise<StepResult> {
  const { operation } = state.call;
  const handler = deps.handlers.get(operation.name);
  if (!handler) throw new Error(`No handler for ${operation.name}`);
  const run = async (db: Database) => {
    // parseInput ran first, and every contract input is a zod object.
    const raw = await handler.run(state.input as Record<string, unknown>, contextFor(state, db, deps));
    state.output = operation.output.parse(raw);
  };
  // Even a singleStatement handler needs a transaction then: its result is stored with its effects.
  if (isKeyed(state)) return runKeyed(state, deps, run);
  if (state.outerTransaction) await run(state.outerTransaction);
  else if (operation.kind === 'mutation' && !handler.singleStatement)
    await retryingCollisions(state, () => runTransaction(deps.db, state.call.scope.cancellation, run));
  else await retryingCollisions(state, () => run(deps.db));
  return { ok: true };
}
