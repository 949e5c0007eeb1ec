import { isGatepostError, type AnyOperation } from '@gatepost/shared';
import { newCallState, type CallState } from './call-state';
import type { Execute } from './execute';
import { normalizeError } from './normalize-error';
import type { PipelineDeps } from './pipeline-deps';
import { runSteps } from './run-steps';
import { stepsBeforeHandler } from './steps/index';
import { contextFor } from './steps/run-handler';
import { runManyIdempotently, RunOneByOne } from '../idempotency/run-many-idempotently';
import type { Call } from './call';
import type { CoalescedHandler, Outcome } from './types';

/**
 * Runs calls of one mutation whose handler has a `coalesced` form as one statement. Each call
 * still passes every step before the handler on its own, and gets its own outcome — the
 * output, or the error that call alone met — so the result equals running them one by one.
 * If the statement throws, it wrote nothing (one statement is atomic), and the calls are run
 * one by one instead, which gives each exactly the outcome it would have had. Calls with
 * idempotency keys stay coalesced too (runManyIdempotently), their results stored alongside.
 */
export async function executeCoalesced(
  calls: readonly Call[],
  coalesced: CoalescedHandler<AnyOperation>,
  deps: PipelineDeps,
  execute: Execute,
): Promise<Outcome<unknown>[]> {
  const outcomes: (Outcome<unknown> | undefined)[] = calls.map(() => undefined);
  const ready: { index: number; state: CallState }[] = [];
  for (const [index, call] of calls.entries()) {
    const state = newCallState(call);
    const result = await runSteps(stepsBeforeHandler, state, deps);
    if (result.ok) ready.push({ index, state });
    else outcomes[index] = result;
  }
  const first = ready[0];
  if (first) {
    try {
      const states = ready.map(({ state }) => state);
      const results = states.some((state) => state.idempotency)
        ? await runManyIdempotently(states, coalesced, deps)
        : (
            await coalesced(
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

/** One entry of a coalesced handler's answer as the call's outcome: its error, or its output parsed by the contract. */
export function outcomeOf(result: unknown, state: CallState, deps: PipelineDeps): Outcome<unknown> {
  if (isGatepostError(result)) return { ok: false, error: result };
  try {
    return { ok: true, data: state.call.operation.output.parse(result) };
  } catch (error) {
    return { ok: false, error: normalizeError(error, state.call.scope.requestId, deps.log) };
  }
}
