import type { ExecutionResult, GraphQLError } from 'graphql';
import { batchAborted, type Pipeline, type RequestScope, type RunCall } from '../../pipeline/index';
import { toGraphQLError } from './errors';

/**
 * Runs GraphQL work (one operation, or every operation of a request array) all or nothing,
 * through the pipeline's one atomic runner. An operation that failed before any call ran
 * (invalid variables, validation) fails the whole too. When the work rolled back, every root
 * field that had succeeded is reported null with BATCH_ABORTED, beside the failing field's own error.
 */
export async function runAtomicGraphQL<Result extends ExecutionResult | readonly ExecutionResult[]>(
  pipeline: Pipeline,
  scope: RequestScope,
  work: (runCall: RunCall) => Promise<Result>,
): Promise<Result> {
  const { result, rolledBack } = await pipeline.runAtomically(scope.cancellation, work, hasErrors);
  if (!rolledBack) return result;
  const aborted = (single: ExecutionResult) => abortedResult(single, scope.requestId);
  return (Array.isArray(result) ? result.map(aborted) : aborted(result as ExecutionResult)) as Result;
}

function hasErrors(result: ExecutionResult | readonly ExecutionResult[]): boolean {
  return (Array.isArray(result) ? result : [result as ExecutionResult]).some((single) => (single.errors?.length ?? 0) > 0);
}

function abortedResult(result: ExecutionResult, requestId: string): ExecutionResult {
  const data = (result.data ?? {}) as Record<string, unknown>;
  const errors: GraphQLError[] = [...(result.errors ?? [])];
  const failed = new Set(errors.map((error) => error.path?.[0]));
  const nulls: Record<string, null> = {};
  for (const [key, value] of Object.entries(data)) {
    nulls[key] = null;
    if (value !== null && !failed.has(key)) errors.push(toGraphQLError(batchAborted(), requestId, [key]));
  }
  return { ...result, data: nulls, errors };
}
