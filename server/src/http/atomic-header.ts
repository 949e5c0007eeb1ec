import type { FastifyRequest } from 'fastify';

/** `Gatepost-Atomic: true`: the calls of this request (a tRPC batch, a GraphQL array or operation) run in one transaction. */
export function wantsAtomic(request: FastifyRequest): boolean {
  return request.headers['gatepost-atomic'] === 'true';
}
