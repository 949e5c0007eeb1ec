import { isGatepostError, type AnyOperation, type GatepostError } from '@gatepost/shared';
import type { Execute } from './execute';
import { newCallState } from './new-call-state';
import { normalizeError } from './normalize-error';
import type { CallState, PipelineDeps } from './step';
import { stepsBeforeHandler } from './steps';
import { contextFor } from './steps/run-handler';
import { runManyIdempotently, RunOneByOne } from '../idempotency/run-many-idempotently';
import { outcomeOf } from './outcome-of';
import type { Call, ManyHandler, Outcome } from './types';

/**
 * Runs calls of one mutation whose handler has a `many` form as one statement. Each call
 * still passes every step before the handler on its own, and gets its own outcome — the
 * output, or the error that call alone met — so the result equals running them one by one.
 * If the statement throws, it wrote nothing (one statement is atomic), and the calls are run
 * one by one instead, which gives each exactly the outcome it would have had. Calls with
 * idempotency keys stay coalesced too (runManyIdempotently), their results stored alongside.
 */
export async function executeMany(calls: readonly Call[], many: ManyHandler<AnyOperation>, deps: PipelineDeps, execute: Execute) {
  const outcomes: (Outcome<unknown> | undefined)[] = calls.map(() => undefined);
  const ready: { index: number; state: CallState }[] = [];
  for (const [index, call] of calls.entries()) {
    const state = newCallState(call);
    const refusal = await refusalBeforeHandler(state, deps);
    if (refusal) outcomes[index] = { ok: false, error: refusal };
    else ready.push({ index, state });
  }
  const first = ready[0];
  if (first) {
    try {
      const states = ready.map(({ state }) => state);
      const results = states.some((state) => state.idempotency)
        ? await runManyIdempotently(states, many, deps)
        : (
            await many(
              states.map((state) => state.input as Record<string, unknown>),
              contextFor(first.state, deps.db, deps),
            )
          ).map((result, position) => outcomeOf(result, states[position] as CallState, deps));
      for (const [position, { index }] of ready.entries()) outcomes[index] = results[position];
    } catch (error) {
      if (!isGatepostError(error) && !(error instanceof RunOneByOne))
        deps.log.warn({ err: error, operation: first.state.call.operation.name }, 'coalesced write failed; running its calls one by one');
      // In order, one at a time: with equal emails, the earlier call must win, as it would alone.
      for (const { index } of ready) outcomes[index] = await execute(calls[index] as Call);
    }
  }
  return outcomes as Outcome<unknown>[];
}

async function refusalBeforeHandler(state: CallState, deps: PipelineDeps): Promise<GatepostError | undefined> {
  try {
    for (const step of stepsBeforeHandler) {
      const result = await step(state, deps);
      if (!result.ok) return result.error;
    }
    return undefined;
  } catch (error) {
    return normalizeError(error, state.call.requestId, deps.log);
  }
}
