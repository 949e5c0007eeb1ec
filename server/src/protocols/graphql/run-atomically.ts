import { GatepostError } from '@gatepost/shared';
import type { Database } from '@gatepost/db';
import type { ExecutionResult, GraphQLError } from 'graphql';
import { atomicRunner, type Execute, type RunCall } from '../../pipeline/index';
import { toGraphQLError } from './errors';

const ABORT = Symbol('abort the atomic operation');

/**
 * Runs GraphQL work (one operation, or every operation of a request array) inside one
 * transaction. Its calls run in order on the transaction; if any fails, the transaction rolls
 * back and every root field that had succeeded is reported null with BATCH_ABORTED, beside the
 * failing field's own error.
 */
export async function runAtomically<Result extends ExecutionResult | readonly ExecutionResult[]>(
  db: Database,
  execute: Execute,
  requestId: string,
  work: (runCall: RunCall) => Promise<Result>,
): Promise<Result> {
  let result: Result | undefined;
  try {
    await db.transaction(async (transaction) => {
      const runner = atomicRunner(execute, transaction);
      result = await work(runner.runCall);
      // An operation can fail before any call runs (invalid variables, validation): that fails the batch too.
      if (runner.failed() || hasErrors(result)) throw ABORT;
    });
    return result as Result;
  } catch (error) {
    if (error !== ABORT || result === undefined) throw error;
    const aborted = (single: ExecutionResult) => abortedResult(single, requestId);
    return (Array.isArray(result) ? result.map(aborted) : aborted(result as ExecutionResult)) as Result;
  }
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
    if (value !== null && !failed.has(key)) errors.push(toGraphQLError(new GatepostError('BATCH_ABORTED'), requestId, [key]));
  }
  return { ...result, data: nulls, errors };
}
