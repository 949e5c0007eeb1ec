import { normalizeError } from './normalize-error';
import type { CallState, PipelineDeps } from './step';
import { steps } from './steps';
import type { Call, Outcome } from './types';

export type Execute = (call: Call) => Promise<Outcome<unknown>>;

/**
 * Builds `execute()`: the one path every call takes, whatever protocol carried it.
 * It never throws: a stray throw in any step is normalised here, once.
 */
export function createExecute(deps: PipelineDeps): Execute {
  return async function execute(call) {
    const state: CallState = { call, input: undefined, output: undefined };
    try {
      for (const step of steps) {
        const result = await step(state, deps);
        if (!result.ok) return result;
      }
      return { ok: true, data: state.output };
    } catch (error) {
      return { ok: false, error: normalizeError(error, call.requestId, deps.log) };
    }
  };
}
