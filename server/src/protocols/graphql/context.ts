import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestScope, RunCall } from '../../pipeline/index';

/** yoga's initial context: what the route, or the fast path for each operation of an array, hands yoga. */
export interface GraphQLServerContext {
  readonly req: FastifyRequest;
  readonly reply: FastifyReply;
  readonly scope: RequestScope;
  /** This operation's place in a request array (fast path only); part of each call's key slot (`<key> <index>`). */
  readonly arrayIndex?: number;
  /** How the operations of a request array run their calls: coalesced, or in the array's one transaction. */
  readonly runCall?: RunCall;
  /** The whole request array already runs in one transaction: `@atomic` has nothing to add. */
  readonly inAtomicTransaction?: boolean;
}

/** What each resolver reads: its request's scope, and how to run its call. */
export interface GraphQLContext {
  readonly scope: RequestScope;
  readonly arrayIndex: number | undefined;
  /** `pipeline.execute`, unless the request array or an atomic operation runs its calls together. */
  readonly runCall: RunCall;
  readonly inAtomicTransaction: boolean;
}
