import type { Credentials } from '../../auth/credentials';
import type { Outcome } from '../../pipeline/index';

/** What every tRPC call carries into the pipeline, and how its effects reach the HTTP response. */
export interface TrpcContext {
  readonly requestId: string;
  readonly credentials: Credentials;
  readonly clientIp: string;
  /** The request's Idempotency-Key (the official adapter serves single calls with one; see route.ts). */
  readonly idempotencyKey: string | undefined;
  /** Puts what an outcome asks of the HTTP response (session cookie, Retry-After) on it. */
  applyOutcome(outcome: Outcome<unknown>): void;
}
