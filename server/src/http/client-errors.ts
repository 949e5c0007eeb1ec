import { STATUS_CODES, maxHeaderSize } from 'node:http';
import type { Socket } from 'node:net';
import { GatepostError, refusal } from '@gatepost/shared';

/**
 * Fastify's `clientErrorHandler`: what to write on a connection whose request Node could not
 * even parse, so no route, hook or error handler runs (Fastify's default writes a body of its
 * own, outside the catalog). Headers over Node's limit answer 431 (RFC 6585 §5), a request that
 * took too long 408 (RFC 9110 §15.5.9, the status Node's own deadline answers), anything else
 * 400; each with a catalog body. The connection is closed after: its framing is lost.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody to answer (Node's documentation of 'clientError').
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, refused] = describe(error.code);
  const body = JSON.stringify({ error: { code: refused.code, message: refused.message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

function describe(code: string | undefined): [number, GatepostError] {
  if (code === 'HPE_HEADER_OVERFLOW') return [431, refusal('HEADERS_TOO_LARGE', [`${maxHeaderSize / 1024} KiB`])];
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, refusal('REQUEST_TOO_SLOW', [])];
  return [400, new GatepostError('MALFORMED_REQUEST')];
}
