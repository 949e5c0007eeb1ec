import type { FastifyRequest } from 'fastify';
import type { RunCall } from '../../pipeline/index';

/**
 * The call runner a whole HTTP request shares (a request array's coalescing or atomic
 * runner), found by the context factory of each of its operations.
 */
export interface RequestCallScope {
  readonly runCall: RunCall;
  /** The whole request already runs in one transaction. */
  readonly atomic: boolean;
}

const scopes = new WeakMap<FastifyRequest, RequestCallScope>();

export function setRequestCallScope(request: FastifyRequest, scope: RequestCallScope): void {
  scopes.set(request, scope);
}

export function requestCallScope(request: FastifyRequest): RequestCallScope | undefined {
  return scopes.get(request);
}
