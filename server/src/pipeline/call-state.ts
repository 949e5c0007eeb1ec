import type { GatepostError } from '@gatepost/shared';
import type { Database } from '@gatepost/db';
import type { KeySlot } from '../idempotency/store';
import type { PipelineDeps } from './pipeline-deps';
import type { Call } from './call';
import type { Principal, ResponseEffects } from './types';

/** What the steps share while one call moves through the pipeline. */
export interface CallState {
  readonly call: Call;
  /** Set when the call runs inside a transaction it does not own (an atomic batch's). */
  readonly outerTransaction: Database | undefined;
  /** Set by identify. */
  principal: Principal | null;
  /** Set by parseInput. */
  input: unknown;
  /** Set by runHandler. */
  output: unknown;
  /** Set by the handler through its context. */
  effects: ResponseEffects | undefined;
  /** Set by checkIdempotencyKey when the call carries a key its operation honours. */
  idempotency: { readonly slot: KeySlot; readonly fingerprint: string } | undefined;
  /** Set when the outcome was replayed from the key's stored result. */
  replayed: boolean;
  /** Set when the handler reached a service outside the database (a payment): running it again is no longer harmless. */
  reachedOutside: boolean;
  /** Payment holds the handler made: captured or voided once the call's transaction has ended (settleAuthorisations). */
  readonly authorisations: string[];
}

/** A call's state as it enters the pipeline. */
export function newCallState(call: Call, outerTransaction?: Database): CallState {
  return {
    call,
    outerTransaction,
    principal: null,
    input: undefined,
    output: undefined,
    effects: undefined,
    idempotency: undefined,
    replayed: false,
    reachedOutside: false,
    authorisations: [],
  };
}

export type StepResult = { readonly ok: true } | { readonly ok: false; readonly error: GatepostError };

/** One stage of the pipeline (see steps/index.ts for the order). */
export type Step = (state: CallState, deps: PipelineDeps) => StepResult | Promise<StepResult>;
