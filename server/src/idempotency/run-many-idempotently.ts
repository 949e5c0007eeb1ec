import type { AnyOperation } from '@gatepost/shared';
import { outcomeOf } from '../pipeline/execute-coalesced';
import type { CallState } from '../pipeline/call-state';
import type { PipelineDeps } from '../pipeline/pipeline-deps';
import { contextFor } from '../pipeline/steps/run-handler';
import type { CoalescedHandler, Outcome } from '../pipeline/types';
import { replay, runningName, stillRunningConflict } from './run-idempotently';
import { claimKeys, storeCalls, storedOutcomeOf, type KeySlot, type StoredCall } from './store';

/** Thrown to roll a coalesced write back so its calls run one by one instead. */
export class RunOneByOne extends Error {
  override readonly name = 'RunOneByOne';
}

interface KeyedCall {
  readonly state: CallState;
  readonly slot: KeySlot;
  readonly fingerprint: string;
}

/**
 * Calls of one mutation coalesced into one statement when some carry idempotency keys
 * (the client sends one with every batch), in one transaction: every key is claimed in one
 * round trip, stored results are replayed, the other calls run as one statement, and their
 * results are stored in one more — the outcomes of running each keyed call on its own.
 * Anything out of the ordinary (a key running or repeated, a failure worth retrying) throws
 * RunOneByOne: the transaction rolls back and the caller runs the calls one by one.
 */
export async function runManyIdempotently(
  states: readonly CallState[],
  coalesced: CoalescedHandler<AnyOperation>,
  deps: PipelineDeps,
): Promise<Outcome<unknown>[]> {
  const keyed: KeyedCall[] = states.flatMap((state) => (state.idempotency ? [{ state, ...state.idempotency }] : []));
  const names = keyed.map(({ slot }) => runningName(slot));
  const { running } = deps.idempotency;
  if (new Set(names).size !== names.length || names.some((name) => running.has(name))) throw new RunOneByOne();
  return deps.db.transaction(async (db) => {
    const claims = await claimKeys(
      db,
      keyed.map(({ slot }) => slot),
    );
    const outcomes = new Map<CallState, Outcome<unknown>>();
    for (const [position, { state, fingerprint }] of keyed.entries()) {
      const claim = claims[position];
      if (!claim || claim.running) throw new RunOneByOne();
      if (claim.stored) outcomes.set(state, replayed(claim.stored, fingerprint, state));
    }
    const fresh = states.filter((state) => !outcomes.has(state));
    const [first] = fresh;
    if (first) {
      names.forEach((name) => running.add(name));
      try {
        const results = await coalesced(
          fresh.map((state) => state.input as Record<string, unknown>),
          contextFor(first, db, deps),
        );
        fresh.forEach((state, position) => outcomes.set(state, outcomeOf(results[position], state, deps)));
      } finally {
        names.forEach((name) => running.delete(name));
      }
    }
    const toStore = keyed.flatMap(({ state, slot, fingerprint }) => {
      const outcome = outcomes.get(state);
      if (!fresh.includes(state) || !outcome) return [];
      if (!outcome.ok && (outcome.error.retryable || outcome.error.code === 'INTERNAL')) throw new RunOneByOne();
      const call: StoredCall = { operation: state.call.operation.name, fingerprint, outcome: storedOutcomeOf(outcome) };
      return [{ slot, call }];
    });
    if (!(await storeCalls(db, toStore, deps.idempotency.retentionSeconds))) throw stillRunningConflict();
    return states.map((state) => outcomes.get(state) as Outcome<unknown>);
  });
}

function replayed(stored: StoredCall, fingerprint: string, state: CallState): Outcome<unknown> {
  const result = replay(stored, fingerprint, state);
  if (!result.ok) return state.replayed ? { ok: false, error: result.error, replayed: true } : result;
  return { ok: true, data: state.output, replayed: true };
}
