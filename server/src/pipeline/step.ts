import type { GatepostError } from '@gatepost/shared';
import type { Database } from '@gatepost/db';
import type { Logger } from 'pino';
import type { HandlerRegistry } from './implement';
import type { Call } from './types';

/** What the steps share while one call moves through the pipeline. */
export interface CallState {
  readonly call: Call;
  /** Set by parseInput. */
  input: unknown;
  /** Set by runHandler. */
  output: unknown;
}

export interface PipelineDeps {
  readonly db: Database;
  readonly handlers: HandlerRegistry;
  readonly log: Logger;
}

export type StepResult = { readonly ok: true } | { readonly ok: false; readonly error: GatepostError };

export type Step = (state: CallState, deps: PipelineDeps) => StepResult | Promise<StepResult>;
