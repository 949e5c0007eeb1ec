import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Fastify's `genReqId`: reuses a caller's `x-request-id` (a proxy's trace id) when it is short and
 * plain, so one id follows a request across services; otherwise a fresh UUID. Never trusts
 * arbitrary text into logs.
 */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Every response, errors included, carries the request id the log lines are keyed by. */
export function exposeRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', function exposeRequestIdHeader(request, reply, done) {
    reply.header('x-request-id', request.id);
    done();
  });
}
