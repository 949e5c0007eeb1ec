import type { Server } from 'node:http';

/**
 * Makes `server.close()` stop the listener only, leaving idle keep-alive connections open, so a
 * graceful stop does not reset the requests clients are sending on them.
 *
 * Since Node 19, `http.Server.close()` also calls `closeIdleConnections()`, which destroys every
 * connection between two requests *as the server's parser sees it*. A keep-alive client sends its
 * next request the moment it has read a response; that request may already be in the server's
 * kernel buffer, unread. Destroying a socket with unread data makes the kernel send a TCP reset
 * (RFC 9112 §9.6), and data arriving after the close is answered with one too: the client gets
 * ECONNRESET (or a bare close) instead of an answer, for a request the server never saw
 * (measured: 16 clients sending in a loop, 5 stops: all 80 requests in flight at the stops lost).
 *
 * HTTP/1.1 has no way to tell a client "do not send on this connection" other than answering it
 * with `Connection: close` (RFC 9112 §9.6), so an idle connection is left to end one of the ways
 * its client can expect:
 * - the client sends a request: it is answered (drain-on-close.ts refuses it with the catalog's
 *   503 and Retry-After, saying `Connection: close`), and Node closes the connection after it;
 * - its keep-alive timeout runs out, the one the client was told in `Keep-Alive: timeout=…`:
 *   Node's own timer closes it, and a client that honours the hint (undici, Node's fetch) has
 *   stopped using it a little before;
 * - the drain deadline comes first: `closeIdleConnectionsNow` (stop-within.ts). Only there is a
 *   request crossing the close on the wire still reset, the race RFC 9112 §9.3.1 asks clients to
 *   recover from; SHUTDOWN_TIMEOUT_MS above KEEP_ALIVE_TIMEOUT_MS (10 s and 5 s by default)
 *   leaves nothing for the deadline to cut.
 *
 * Overriding the method on the instance is what Fastify itself does to add `closeHttp2Sessions`;
 * `keep-alive-at-shutdown.test.ts` fails if Node's `close()` stops going through it.
 */
export function leaveIdleConnectionsOpenOnClose(server: Server): void {
  server.closeIdleConnections = function leaveIdleConnectionsOpen() {};
}

/** Node's own `closeIdleConnections()`, which `leaveIdleConnectionsOpenOnClose` put aside. */
export function closeIdleConnectionsNow(server: Server): void {
  const own = Object.getPrototypeOf(server) as Pick<Server, 'closeIdleConnections'>;
  own.closeIdleConnections.call(server);
}
