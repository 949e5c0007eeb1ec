import type { Operation } from '@gatepost/shared';
import type { Credentials } from '../auth/credentials';
import type { PrincipalResult } from '../auth/resolve-principal';
import type { Cancellation } from './cancellation';
import type { Outcome } from './types';

/**
 * What every call of one request shares, built once where the request arrives (the route) and
 * handed down as an argument — to the pipeline in each Call, to yoga in its initial context.
 * Nothing about a request travels any other way.
 */
export interface RequestScope {
  /** The id every log line and INTERNAL error of the request quotes. */
  readonly requestId: string;
  /** What the request presents to say who it is (read once: one principal lookup per request). */
  readonly credentials: Credentials;
  /** The client's address, for per-address limits and the idempotency scope of anonymous callers. */
  readonly clientIp: string;
  /** The request's `Idempotency-Key`, when it carries one. */
  readonly idempotencyKey: string | undefined;
  /** `Gatepost-Atomic: true`: the calls of this request run in one transaction. */
  readonly atomic: boolean;
  /** When the request's calls must stop (its deadline, its client gone); absent outside HTTP. */
  readonly cancellation?: Cancellation;
  /** Puts what an outcome asks of the HTTP response (session cookie, Retry-After, Idempotent-Replayed) on it. */
  readonly applyOutcome: (outcome: Outcome<unknown>) => void;
  /**
   * Who presented the credentials: looked up by the identify step on the request's first call,
   * and awaited by every other call of it, so a batch of 100 calls costs one lookup.
   */
  principal?: Promise<PrincipalResult>;
}

/** One call of one operation, whatever protocol carried it. */
export interface Call {
  readonly operation: Operation;
  /** The raw input, as the wire carried it; the pipeline parses it. */
  readonly input: unknown;
  readonly scope: RequestScope;
  /**
   * Which call of the request this is, when the request carries several (`3` in a tRPC batch,
   * `placeOrder` for a field of a GraphQL operation, `2/placeOrder` in a request array): the
   * call's idempotency key is then `<key>/<position>`, the same on every retry of the request.
   */
  readonly position?: string;
}

/**
 * The one way an adapter turns what it decoded into a pipeline call: tRPC (fast path and
 * official adapter), GraphQL resolvers, and every adapter to come.
 */
export function buildCall(scope: RequestScope, operation: Operation, input: unknown, position?: string): Call {
  return position === undefined ? { operation, input, scope } : { operation, input, scope, position };
}
