import type { Database } from '@gatepost/db';
import { normalizeError } from './normalize-error';
import { newCallState } from './new-call-state';
import type { PipelineDeps } from './step';
import { steps } from './steps';
import type { Call, Outcome } from './types';

/** Runs one call; `outerTransaction` when it is part of an atomic batch. Never throws. */
export type Execute = (call: Call, outerTransaction?: Database) => Promise<Outcome<unknown>>;

/**
 * Builds `execute()`: the one path every call takes, whatever protocol carried it.
 * It never throws: a stray throw in any step is normalised here, once.
 */
export function createExecute(deps: PipelineDeps): Execute {
  return async function execute(call, outerTransaction) {
    const state = newCallState(call, outerTransaction);
    try {
      for (const step of steps) {
        const result = await step(state, deps);
        if (!result.ok) return state.replayed ? { ...result, replayed: true } : result;
      }
      if (state.replayed) return { ok: true, data: state.output, replayed: true };
      return state.effects ? { ok: true, data: state.output, effects: state.effects } : { ok: true, data: state.output };
    } catch (error) {
      return { ok: false, error: normalizeError(error, call.requestId, deps.log) };
    }
  };
}
