import type { FastifyInstance } from 'fastify';

/** Every response, errors included, carries the request id the log lines are keyed by. */
export function exposeRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', function exposeRequestIdHeader(request, reply, done) {
    reply.header('x-request-id', request.id);
    done();
  });
}
