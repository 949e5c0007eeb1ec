import { createExecute, type Execute } from './execute';
import { createExecuteBatch, type ExecuteBatch } from './execute-batch';
import type { PipelineDeps } from './pipeline-deps';

/** What every protocol adapter calls: one call, or the calls of one batch. */
export interface Pipeline {
  readonly execute: Execute;
  readonly executeBatch: ExecuteBatch;
}

export function createPipeline(deps: PipelineDeps): Pipeline {
  const execute = createExecute(deps);
  return { execute, executeBatch: createExecuteBatch(deps, execute) };
}
