export { createExecute, type Execute } from './execute';
export { implement, singleStatement, type HandlerRegistry } from './implement';
export { describeZodIssues, validate, type Validation } from './describe-zod-issues';
export type { Call, Handler, HandlerContext, HandlerDefinition, HandlerEntry, Handlers, Outcome, Principal } from './types';
export type { PipelineDeps } from './step';
