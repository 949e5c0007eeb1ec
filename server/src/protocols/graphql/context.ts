import type { Credentials } from '../../auth/credentials';
import type { Outcome, RunCall } from '../../pipeline/index';

/** What each GraphQL operation carries into the pipeline. */
export interface GraphQLContext {
  readonly requestId: string;
  readonly credentials: Credentials;
  readonly clientIp: string;
  /** The request's Idempotency-Key, if any. */
  readonly idempotencyKey: string | undefined;
  /** This operation's place in a request array; part of each call's key (`<key>/<index>`). */
  readonly arrayIndex: number | undefined;
  /** How this request's resolvers run their calls; an atomic operation swaps in its transaction's runner. */
  runCall: RunCall;
  /** Puts what an outcome asks of the HTTP response (session cookie, Retry-After) on it. */
  applyOutcome(outcome: Outcome<unknown>): void;
}
