// A TCP proxy (node:net) between a client and a server that loses one response on purpose: the
// first request whose request line starts with a given prefix is forwarded to the server, the
// server's whole response is awaited (so the server has finished, and committed), and then the
// client's connection is destroyed without a byte of that response reaching it. Everything else,
// before and after, is forwarded untouched, keep-alive connections included.
import { connect, createServer, type Socket } from 'node:net';

export interface ResponseDroppingProxy {
  /** `http://127.0.0.1:<port>`: give it to the client instead of the server's URL. */
  readonly url: string;
  /** The response the proxy kept from the client (head and body, as the server sent it), once dropped. */
  readonly droppedResponse: string | undefined;
  /** Client connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

/** Proxies to `target` (an `http://127.0.0.1:<port>` URL), dropping the response to the first request starting `requestLine`. */
export async function startResponseDroppingProxy(target: string, requestLine: string): Promise<ResponseDroppingProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  let armed = false;
  let droppedResponse: string | undefined;
  let connections = 0;

  const server = createServer(function proxyConnection(client) {
    connections += 1;
    const server = connect(Number(upstream.port), upstream.hostname);
    for (const socket of [client, server]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    let seen = '';
    let dropping = false;
    let held = Buffer.alloc(0);

    client.on('data', (chunk: Buffer) => {
      if (!armed) {
        // Keep a short tail so a request line split across two chunks is still recognised.
        seen = (seen + chunk.toString('latin1')).slice(-(requestLine.length + 64 * 1024));
        if (seen.startsWith(requestLine) || seen.includes(`\r\n${requestLine}`)) armed = dropping = true;
      }
      server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => {
      if (!dropping) {
        client.write(chunk);
        return;
      }
      held = Buffer.concat([held, chunk]);
      if (!isCompleteResponse(held)) return;
      droppedResponse = held.toString('utf8');
      client.destroy();
      server.destroy();
    });
    client.on('error', () => server.destroy());
    server.on('error', () => client.destroy());
    client.on('end', () => server.end());
    server.on('end', () => client.end());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    get droppedResponse() {
      return droppedResponse;
    },
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Whether `bytes` hold one whole HTTP/1.1 response: its head, and a body of Content-Length bytes or a last chunk. */
function isCompleteResponse(bytes: Buffer): boolean {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0) return false;
  const head = bytes.subarray(0, headEnd).toString('latin1');
  const body = bytes.subarray(headEnd + 4);
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
  if (length !== undefined) return body.length >= Number(length);
  if (/\r\ntransfer-encoding:[^\r]*chunked/i.test(head)) return body.includes('0\r\n\r\n');
  return false;
}

/** The body of a raw HTTP response with a Content-Length, as text. */
export function bodyOfRawResponse(raw: string): string {
  return raw.slice(raw.indexOf('\r\n\r\n') + 4);
}
