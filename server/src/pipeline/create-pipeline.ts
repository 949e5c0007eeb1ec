import { createExecute, type Execute } from './execute';
import { createExecuteBatch, type ExecuteBatch } from './execute-batch';
import type { Call } from './call';
import { newCallState, type StepResult } from './call-state';
import type { PipelineDeps } from './pipeline-deps';
import { createRunAtomically, type RunAtomically } from './run-atomically';
import { runSteps } from './run-steps';
import { authorize } from './steps/authorize';
import { identify } from './steps/identify';

/** What every protocol adapter calls: one call, the calls of one batch, or calls met one at a time, all or nothing. */
export interface Pipeline {
  readonly execute: Execute;
  readonly executeBatch: ExecuteBatch;
  readonly runAtomically: RunAtomically;
  /**
   * Whether the caller may run the call at all (the identify and authorize steps alone): for an
   * adapter that refuses an input before the pipeline sees it (GraphQL's variable coercion), so
   * a caller who may not run the operation hears that first, as over every other protocol.
   */
  readonly checkAccess: (call: Call) => Promise<StepResult>;
}

export function createPipeline(deps: PipelineDeps): Pipeline {
  const execute = createExecute(deps);
  const runAtomically = createRunAtomically(deps, execute);
  const checkAccess = (call: Call) => runSteps([identify, authorize], newCallState(call), deps);
  return { execute, executeBatch: createExecuteBatch(deps, execute, runAtomically), runAtomically, checkAccess };
}
