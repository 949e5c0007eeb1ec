import type { Database } from '@gatepost/db';
import type { CallState } from './step';
import type { Call } from './types';

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
  };
}
