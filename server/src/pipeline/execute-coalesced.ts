import { isGatepostError, type AnyOperation } from '@gatepost/shared';
import type { Database } from '@gatepost/db';
import type { Call } from './call';
import { newCallState, type CallState } from './call-state';
import type { Execute } from './execute';
import { contextFor } from './handler-context';
import { claimKeysOf, isFinal, isKeyed, runningName, storeOutcomes, whileRunning } from './key-claims';
import { normalizeError } from './normalize-error';
import type { PipelineDeps } from './pipeline-deps';
import { runSteps } from './run-steps';
import { runTransaction } from './run-transaction';
import { stepsBeforeHandler } from './steps/index';
import type { CoalescedHandler, Outcome } from './types';

/** Thrown to roll a coalesced write back so its calls run one by one instead. */
class RunOneByOne extends Error {
  override readonly name = 'RunOneByOne';
}

/**
 * Runs calls of one mutation whose handler has a `coalesced` form as one statement. Each call
 * still passes every step before the handler on its own, and gets its own outcome — the
 * output, or the error that call alone met — so the result equals running them one by one.
 * If the statement throws, it wrote nothing (one statement is atomic), and the calls are run
 * one by one instead, which gives each exactly the outcome it would have had. Calls with
 * idempotency keys stay coalesced too (runKeyedTogether), their results stored alongside.
 */
export async function executeCoalesced(
  calls: readonly Call[],
  coalesced: CoalescedHandler<AnyOperation>,
  deps: PipelineDeps,
  execute: Execute,
): Promise<Outcome<unknown>[]> {
  const outcomes: (Outcome<unknown> | undefined)[] = calls.map(() => undefined);
  const ready: { index: number; state: CallState }[] = [];
  for (const [index, call] of calls.entries()) {
    const state = newCallState(call);
    const result = await runSteps(stepsBeforeHandler, state, deps);
    if (result.ok) ready.push({ index, state });
    else outcomes[index] = result;
  }
  const first = ready[0];
  if (!first) return outcomes as Outcome<unknown>[];
  /** The one statement for the calls that run, each entry that call's outcome. */
  async function runTogether(states: readonly CallState[], db: Database): Promise<Outcome<unknown>[]> {
    const results = await coalesced(
      states.map((state) => state.input as Record<string, unknown>),
      contextFor(states[0] as CallState, db, deps),
    );
    return results.map((result, position) => outcomeOf(result, states[position] as CallState, deps));
  }
  try {
    const states = ready.map(({ state }) => state);
    const results = states.some(isKeyed) ? await runKeyedTogether(states, deps, runTogether) : await runTogether(states, deps.db);
    for (const [position, { index }] of ready.entries()) outcomes[index] = results[position];
  } catch (error) {
    if (!isGatepostError(error) && !(error instanceof RunOneByOne))
      deps.log.warn({ err: error, operation: first.state.call.operation.name }, 'coalesced write failed; running its calls one by one');
    // In order, one at a time: with equal emails, the earlier call must win, as it would alone.
    for (const { index } of ready) outcomes[index] = await execute(calls[index] as Call);
  }
  return outcomes as Outcome<unknown>[];
}

/**
 * Coalesced calls when they carry idempotency keys (the client sends one with every batch), in
 * one transaction, with the same claim and store as a single keyed call: every key is claimed
 * in one round trip, stored results are replayed, the other calls run as one statement, and
 * their results are stored in one more — the outcomes of running each keyed call on its own.
 * Anything out of the ordinary (a key running or repeated, a failure worth retrying) throws
 * RunOneByOne: the transaction rolls back and each call then takes the single-call path.
 */
async function runKeyedTogether(
  states: readonly CallState[],
  deps: PipelineDeps,
  runTogether: (states: readonly CallState[], db: Database) => Promise<Outcome<unknown>[]>,
): Promise<Outcome<unknown>[]> {
  const keyed = states.filter(isKeyed);
  const names = keyed.map((state) => runningName(state.idempotency.slot));
  const { running } = deps.idempotency;
  if (new Set(names).size !== names.length || names.some((name) => running.has(name))) throw new RunOneByOne();
  return runTransaction(deps.db, states[0]?.call.scope.cancellation, async (db) => {
    const outcomes = await claimKeysOf(db, keyed);
    if (!outcomes) throw new RunOneByOne();
    const fresh = states.filter((state) => !outcomes.has(state));
    if (fresh.length > 0) {
      const results = await whileRunning(keyed, deps, () => runTogether(fresh, db));
      fresh.forEach((state, position) => outcomes.set(state, results[position] as Outcome<unknown>));
    }
    const toStore = fresh.filter(isKeyed).map((state) => ({ state, outcome: outcomes.get(state) as Outcome<unknown> }));
    if (!toStore.every(({ outcome }) => isFinal(outcome))) throw new RunOneByOne();
    await storeOutcomes(db, toStore, deps);
    return states.map((state) => outcomes.get(state) as Outcome<unknown>);
  });
}

/** One entry of a coalesced handler's answer as the call's outcome: its error, or its output parsed by the contract. */
function outcomeOf(result: unknown, state: CallState, deps: PipelineDeps): Outcome<unknown> {
  if (isGatepostError(result)) return { ok: false, error: result };
  try {
    return { ok: true, data: state.call.operation.output.parse(result) };
  } catch (error) {
    return { ok: false, error: normalizeError(error, state.call.scope.requestId, deps.log) };
  }
}
