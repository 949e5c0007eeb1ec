import type { CallState, Step, StepResult } from './call-state';
import type { PipelineDeps } from './pipeline-deps';
import { normalizeError } from './normalize-error';

/**
 * Runs steps in order until one refuses the call. It never throws: a stray throw in any step
 * becomes a catalog error here, once (as tRPC's middleware chain catches in one place).
 */
export async function runSteps(steps: readonly Step[], state: CallState, deps: PipelineDeps): Promise<StepResult> {
  try {
    for (const step of steps) {
      const result = await step(state, deps);
      if (!result.ok) return result;
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, error: normalizeError(error, state.call.scope.requestId, deps.log) };
  }
}
