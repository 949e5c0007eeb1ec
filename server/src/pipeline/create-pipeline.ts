import { createExecute, type Execute } from './execute';
import { createExecuteBatch, type ExecuteBatch } from './execute-batch';
import type { PipelineDeps } from './pipeline-deps';
import { createRunAtomically, type RunAtomically } from './run-atomically';

/** What every protocol adapter calls: one call, the calls of one batch, or calls met one at a time, all or nothing. */
export interface Pipeline {
  readonly execute: Execute;
  readonly executeBatch: ExecuteBatch;
  readonly runAtomically: RunAtomically;
}

export function createPipeline(deps: PipelineDeps): Pipeline {
  const execute = createExecute(deps);
  const runAtomically = createRunAtomically(deps, execute);
  return { execute, executeBatch: createExecuteBatch(deps, execute, runAtomically), runAtomically };
}
