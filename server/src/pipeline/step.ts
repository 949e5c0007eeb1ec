import type { GatepostError } from '@gatepost/shared';
import type { Database } from '@gatepost/db';
import type { Logger } from 'pino';
import type { HandlerRegistry } from './implement';
import type { Call } from './types';

/** What the steps share while one call moves through the pipeline. */
export interface CallState {
  readonly call: Call;
  /** Set when the call runs inside a transaction it does not own (an atomic batch's). */
  readonly outerTransaction: Database | undefined;
  /** Set by parseInput. */
  input: unknown;
  /** Set by runHandler. */
  output: unknown;
}

export interface PipelineDeps {
  readonly db: Database;
  readonly handlers: HandlerRegistry;
  readonly log: Logger;
  /** Most items a bulk operation may carry (MAX_BULK_ITEMS). */
  readonly maxBulkItems: number;
}

export type StepResult = { readonly ok: true } | { readonly ok: false; readonly error: GatepostError };

export type Step = (state: CallState, deps: PipelineDeps) => StepResult | Promise<StepResult>;
