import type { Call } from './call';
import type { ExecuteBatch } from './execute-batch';
import type { RunCall } from './execute';
import type { Outcome } from './types';

interface Gathering {
  readonly calls: Call[];
  readonly outcomes: Promise<Outcome<unknown>[]>;
}

/**
 * A call runner for a protocol that meets the calls of one request one at a time (the
 * resolvers of a GraphQL request array): it gathers the calls made while the current macrotask
 * runs and runs them as one independent batch, so calls of one mutation are coalesced like a
 * tRPC batch's. Serial calls simply form batches of one.
 *
 * Why wait for a macrotask (setImmediate) rather than a microtask: each operation of the array
 * reaches its resolver through its own chain of awaits (context factory, envelop hooks), a
 * different number of microtask hops long, so no count of microtasks is sure to have seen them
 * all; the macrotask boundary is the first point where every chain that needs no I/O has run.
 *
 * The first call of a batch waits for that boundary in its own async frame and runs the batch
 * from there; the others await its outcomes. The batch's work so stays on an await chain that
 * starts in a resolver, and an error thrown in a handler keeps its async stack trace back to
 * it, where a `setImmediate(flush)` callback would start the stack afresh.
 */
export function coalescingRunner(executeBatch: ExecuteBatch): RunCall {
  let gathering: Gathering | undefined;

  return async function runCoalesced(call) {
    if (gathering) {
      const { calls, outcomes } = gathering;
      const index = calls.push(call) - 1;
      return (await outcomes)[index] as Outcome<unknown>;
    }
    let resolveOutcomes!: (outcomes: Outcome<unknown>[]) => void;
    const outcomes = new Promise<Outcome<unknown>[]>((resolve) => (resolveOutcomes = resolve));
    const calls = [call];
    gathering = { calls, outcomes };
    await new Promise<void>((resolve) => setImmediate(resolve));
    gathering = undefined;
    // executeBatch never throws: every call gets an outcome, so no waiting call is left hanging.
    const results = await executeBatch(calls, { atomic: false });
    resolveOutcomes(results);
    return results[0] as Outcome<unknown>;
  };
}
