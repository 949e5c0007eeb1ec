import { STATUS_CODES, maxHeaderSize } from 'node:http';
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { GatepostError, refusal } from '@gatepost/shared';

/**
 * Fastify's `clientErrorHandler`: what to write on a connection whose request Node could not
 * even parse, so no route, hook or error handler runs (Fastify's default writes a body of its
 * own, outside the catalog). Headers over Node's limit answer 431 (RFC 6585 §5), a request that
 * took too long 408 (RFC 9110 §15.5.9, the status Node's own deadline answers), anything else
 * 400; each with a catalog body. The connection is closed after: its framing is lost.
 */
export function answerClientError(
  error: Error & { code?: string; rawPacket?: unknown },
  socket: Socket,
  encodeForPath: (path: string, error: GatepostError, requestId: string) => unknown,
): void {
  // A reset connection has nobody to answer (Node's documentation of 'clientError').
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, refused] = describe(error.code);
  // The body speaks the protocol of the path the request line named (a tRPC query whose input
  // overflows the headers gets a tRPC error its client can read), when Node kept that line.
  const body = JSON.stringify(encodeForPath(requestPathOf(error.rawPacket), refused, randomUUID()));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** The path of the request line (`GET /trpc/a?input=… HTTP/1.1`) at the start of the bytes Node could not parse. */
function requestPathOf(rawPacket: unknown): string {
  const line = Buffer.isBuffer(rawPacket) ? rawPacket.subarray(0, 2048).toString('latin1') : '';
  return /^[A-Z]+ (\/\S*)/.exec(line)?.[1] ?? '/';
}

function describe(code: string | undefined): [number, GatepostError] {
  if (code === 'HPE_HEADER_OVERFLOW') return [431, refusal('HEADERS_TOO_LARGE', [`${maxHeaderSize / 1024} KiB`])];
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, refusal('REQUEST_TOO_SLOW', [])];
  return [400, new GatepostError('MALFORMED_REQUEST')];
}
