import type { FastifyRequest } from 'fastify';
import type { RunCall } from '../../pipeline/index';

/**
 * The call runner a whole HTTP request shares (a request array's coalescing or atomic
 * runner), found by the context factory of each of its operations.
 */
const scopes = new WeakMap<FastifyRequest, RunCall>();

export function setRequestCallRunner(request: FastifyRequest, runCall: RunCall): void {
  scopes.set(request, runCall);
}

export function requestCallRunner(request: FastifyRequest): RunCall | undefined {
  return scopes.get(request);
}

/** `Gatepost-Atomic: true`: the calls of this request run in one transaction. */
export function wantsAtomic(request: FastifyRequest): boolean {
  return request.headers['gatepost-atomic'] === 'true';
}
