export { createPipeline, type Pipeline } from './create-pipeline';
export { coalescingRunner } from './coalescing-runner';
export { createExecute, type Execute, type RunCall } from './execute';
export { batchAborted, type AtomicRun, type RunAtomically } from './run-atomically';
export { createExecuteBatch, type ExecuteBatch, type BatchOptions } from './execute-batch';
export { implement, singleStatement, type HandlerRegistry } from './implement';
export { describeZodIssues, validate, type Validation } from './validate';
export { buildCall, type Call, type RequestScope } from './call';
export type {
  Handler,
  HandlerContext,
  HandlerDefinition,
  HandlerEntry,
  Handlers,
  HandlerSettings,
  CoalescedHandler,
  ResponseEffects,
  Outcome,
  Principal,
} from './types';
export type { PipelineDeps } from './pipeline-deps';
export { itemsOfCall, limitRequestItems, type RequestItemLimits } from './limit-request-items';
export { bulkItemsOf } from './steps/limit-bulk-items';
