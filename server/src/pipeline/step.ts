import type { GatepostError } from '@gatepost/shared';
import type { Database } from '@gatepost/db';
import type { Logger } from 'pino';
import type { KeySlot } from '../idempotency/store';
import type { PaymentProvider } from '../payments/provider';
import type { RateCounter } from '../rate-limit/counter';
import type { HandlerRegistry } from './implement';
import type { Call, HandlerSettings, Principal, ResponseEffects } from './types';

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
}

export interface PipelineDeps {
  readonly db: Database;
  readonly handlers: HandlerRegistry;
  readonly log: Logger;
  /** Most items a bulk operation may carry (MAX_BULK_ITEMS). */
  readonly maxBulkItems: number;
  /** SHA-256 of ADMIN_API_KEY, when one is configured. */
  readonly operatorKeyDigest: Buffer | undefined;
  readonly settings: HandlerSettings;
  /** Counts attempts of operations marked `rateLimit` in the contract. */
  readonly attempts: { readonly counter: RateCounter; readonly perMinute: number };
  readonly idempotency: {
    /** How long a key's result is kept for replay (IDEMPOTENCY_RETENTION_SECONDS). */
    readonly retentionSeconds: number;
    /** Keys whose call is running in this process right now: a duplicate is refused without a database round trip. */
    readonly running: Set<string>;
  };
  /** Charges orders. */
  readonly payments: PaymentProvider;
}

export type StepResult = { readonly ok: true } | { readonly ok: false; readonly error: GatepostError };

export type Step = (state: CallState, deps: PipelineDeps) => StepResult | Promise<StepResult>;
