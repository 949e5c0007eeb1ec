import { refusal } from '@gatepost/shared';
import type { FastifyInstance } from 'fastify';

/** How long a client refused during a stop should wait: a restart or another instance takes over by then. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Lets a graceful stop finish promptly and say so. Fastify's `close()` ends connections that are
 * idle at that moment, but a keep-alive connection busy with a request would stay open until its
 * keep-alive timeout after the response. Once closing starts, every response says
 * `Connection: close` (RFC 9112 §9.6), so Node ends each such socket right after its response
 * and the client knows not to reuse it.
 *
 * A request that arrives on such a connection after the stop began is refused as the catalog's
 * UNAVAILABLE (503 with Retry-After, RFC 9110 §15.6.4), in its protocol's shape, instead of
 * Fastify's own 503 body (`return503OnClosing`, turned off in app.ts).
 */
export function drainConnectionsOnClose(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', function markClosing(done) {
    closing = true;
    done();
  });
  app.addHook('onRequest', async function refuseWhileClosing() {
    if (!closing) return;
    throw refusal('SHUTTING_DOWN', [], { retryAfterSeconds: RETRY_AFTER_SECONDS });
  });
  app.addHook('onSend', function closeAfterResponse(_request, reply, payload, done) {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
}
