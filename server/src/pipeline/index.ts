export { createExecute, type Execute } from './execute';
export { implement, type HandlerRegistry } from './implement';
export { describeZodIssues, validate, type Validation } from './describe-zod-issues';
export type { Call, Handler, HandlerContext, Handlers, Outcome, Principal } from './types';
export type { PipelineDeps } from './step';
