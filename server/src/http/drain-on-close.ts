import type { FastifyInstance } from 'fastify';

/**
 * Lets a graceful stop finish promptly. Fastify's `close()` ends connections that are idle at
 * that moment, but a keep-alive connection busy with a request would stay open until its
 * keep-alive timeout (72 s) after the response. Once closing starts, every response says
 * `Connection: close` (RFC 9112 §9.6), so Node ends each such socket right after its response
 * and the client knows not to reuse it.
 */
export function drainConnectionsOnClose(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', function markClosing(done) {
    closing = true;
    done();
  });
  app.addHook('onSend', function closeAfterResponse(_request, reply, payload, done) {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
}
