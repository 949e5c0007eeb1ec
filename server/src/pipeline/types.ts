import type { AnyOperation, ContractShape, GatepostError } from '@gatepost/shared';
import type { Database } from '@gatepost/db';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { PaymentAuthoriser } from '../payments/provider';

/** Who is calling. `null` for anonymous callers. */
export interface Principal {
  /** The user's id; `operator` for the ADMIN_API_KEY, which is no user. */
  readonly id: string;
  readonly role: 'user' | 'admin';
  readonly via: 'session' | 'api-key' | 'operator-key';
  readonly sessionId?: string;
  readonly apiKeyId?: string;
}

/** What a handler asks of the response besides its output: the session cookie, set or cleared. */
export interface ResponseEffects {
  sessionCookie?: { readonly token: string; readonly expiresAt: Date } | 'clear';
}

/** Settings handlers need, from configuration (handlers never read the environment). */
export interface HandlerSettings {
  /** How long a new session lasts. */
  readonly sessionTtlSeconds: number;
  /** scrypt's cost for new password hashes, as log2(N). */
  readonly passwordHashCost: number;
}

/** Everything a handler may touch. It never sees HTTP. */
export interface HandlerContext {
  /** The call's transaction (mutations) or the database (queries). */
  readonly db: Database;
  readonly principal: Principal | null;
  readonly requestId: string;
  readonly log: Logger;
  readonly settings: HandlerSettings;
  /** Sets (after sign-in) or clears (after sign-out) the session cookie on the HTTP response. */
  readonly sessionCookie: { set(token: string, expiresAt: Date): void; clear(): void };
  /**
   * Records an event in the transactional outbox, in the call's transaction: it exists exactly
   * when the change it describes was committed.
   */
  emit(type: string, payload: unknown): Promise<void>;
  /**
   * Holds a payment. Only holds: the pipeline captures a hold once the transaction has committed
   * with the order that names it, and voids it otherwise (see settleAuthorisations).
   */
  readonly payments: PaymentAuthoriser;
  /** The call's idempotency key (scoped to its caller), to forward to services that take one. */
  readonly idempotencyKey: string | undefined;
}

export type Handler<Op extends AnyOperation> = (input: z.output<Op['input']>, ctx: HandlerContext) => Promise<z.input<Op['output']>>;

/**
 * Runs the calls of one mutation that arrived in one batch as one SQL statement (coalescing).
 * Returns one entry per input, in input order: that call's output, or the GatepostError that
 * call alone would have met (a taken email, say). If it throws, its statement wrote nothing and
 * the calls run one by one instead. Not to be confused with a bulk operation (`submitMany`),
 * which is one call whose input carries many items.
 */
export type CoalescedHandler<Op extends AnyOperation> = (
  inputs: readonly z.output<Op['input']>[],
  ctx: HandlerContext,
) => Promise<(z.input<Op['output']> | GatepostError)[]>;

/** A handler with what the pipeline may rely on about it. */
export interface HandlerDefinition<Op extends AnyOperation> {
  readonly run: Handler<Op>;
  /** Calls of this mutation gathered from one batch, run as one statement (see CoalescedHandler). */
  readonly coalesced?: CoalescedHandler<Op>;
  /**
   * The handler issues at most one SQL statement, which PostgreSQL already runs atomically,
   * so the pipeline skips BEGIN/COMMIT (two round trips per call). Leave it unset for any
   * handler that writes more than once. @default false
   */
  readonly singleStatement?: boolean;
}

/** What `implement()` takes per operation: a plain handler (transactional) or a definition. */
export type HandlerEntry<Op extends AnyOperation> = Handler<Op> | HandlerDefinition<Op>;

/** One handler per operation of the contract, in the contract's nesting. */
export type Handlers<Contract extends ContractShape> = {
  readonly [Domain in keyof Contract]: {
    readonly [Verb in keyof Contract[Domain]]: HandlerEntry<Contract[Domain][Verb]>;
  };
};

/** A call's result. `replayed`: it was answered from its idempotency key's stored result, running nothing. */
export type Outcome<T> =
  | { readonly ok: true; readonly data: T; readonly effects?: ResponseEffects; readonly replayed?: true }
  | { readonly ok: false; readonly error: GatepostError; readonly replayed?: true };
