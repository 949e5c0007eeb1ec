import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ReadCredentials } from '../auth/credentials';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyOf } from '../idempotency/key-header';
import type { RequestScope } from '../pipeline/index';
import { replyEffectsFor } from './reply-effects';
import { requestCancellation } from './request-cancellation';

export type ReadRequestScope = (request: FastifyRequest, reply: FastifyReply) => RequestScope;

/** Builds a request's scope from its headers, once, at the route that serves it (see RequestScope). */
export function createRequestScopeReader(readCredentials: ReadCredentials, deadlineMs: number, shutdown: AbortSignal): ReadRequestScope {
  return function requestScopeOf(request, reply) {
    return {
      requestId: request.id,
      credentials: readCredentials(request),
      clientIp: request.ip,
      idempotencyKey: idempotencyKeyOf(request.headers[IDEMPOTENCY_KEY_HEADER]),
      atomic: request.headers['gatepost-atomic'] === 'true',
      cancellation: requestCancellation(reply, deadlineMs, shutdown),
      applyOutcome: replyEffectsFor(reply),
      // Looked up already when the route authenticates up front (registerAuthentication).
      ...(request.principalLookup ? { principal: request.principalLookup } : {}),
    };
  };
}
