import { tables, type Database } from '@gatepost/db';
import { runIdempotently } from '../../idempotency/run-idempotently';
import type { HandlerContext } from '../types';
import type { CallState, StepResult } from '../call-state';
import type { PipelineDeps } from '../pipeline-deps';

/**
 * Runs the handler — inside a transaction for mutations, so a handler that throws leaves no
 * half-written rows. The output is parsed inside the transaction too: an output that breaks
 * the contract is a bug, and its writes are rolled back with it. A handler declared
 * `singleStatement` runs without BEGIN/COMMIT: its one statement is atomic on its own. Inside
 * an atomic batch the batch's transaction is used, and the batch decides what is kept.
 * A call with an idempotency key runs through runIdempotently, which stores its result.
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
  if (state.idempotency) return runIdempotently(state, deps, run);
  if (state.outerTransaction) await run(state.outerTransaction);
  else if (operation.kind === 'mutation' && !handler.singleStatement) await deps.db.transaction(run);
  else await run(deps.db);
  return { ok: true };
}

export function contextFor(state: CallState, db: Database, deps: PipelineDeps): HandlerContext {
  const { call } = state;
  let log: HandlerContext['log'] | undefined;
  return {
    db,
    principal: state.principal,
    requestId: call.scope.requestId,
    settings: deps.settings,
    sessionCookie: {
      set(token, expiresAt) {
        state.effects = { ...state.effects, sessionCookie: { token, expiresAt } };
      },
      clear() {
        state.effects = { ...state.effects, sessionCookie: 'clear' };
      },
    },
    async emit(type, payload) {
      await db.insert(tables.outboxEvents).values({ type, payload });
    },
    payments: deps.payments,
    idempotencyKey: state.idempotency ? `${state.idempotency.slot.scope}/${state.idempotency.slot.key}` : undefined,
    // A child logger per call costs an allocation most handlers never use; make it on first use.
    get log() {
      log ??= deps.log.child({ requestId: call.scope.requestId, operation: call.operation.name });
      return log;
    },
  };
}
