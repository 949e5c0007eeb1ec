// A TCP proxy in front of PostgreSQL that a test steers, to take the database away from gatepost
// without touching the server itself (other suites and engineers share it): cut every connection
// (as a restart does: FATAL 57P01 first, or a bare FIN, or an RST), refuse new connections, hold
// them unanswered (a host that has gone dark), or delay every reply (a database that is slow).
import { connect, createServer, type Server, type Socket } from 'node:net';

/** How open connections end when the database is taken away. */
export type CutStyle =
  /** What PostgreSQL itself sends on `pg_ctl restart` / `stop -m fast`: ErrorResponse FATAL 57P01, then close. */
  | 'admin-shutdown'
  /** A plain close (FIN), as when the server process exits. */
  | 'close'
  /** A reset (RST), as when a middlebox or the kernel drops the connection. */
  | 'reset';

export interface PostgresProxy {
  /** `postgres://…` of `targetUrl`, through the proxy. */
  readonly url: string;
  readonly port: number;
  /** Connections accepted since the proxy started. */
  readonly accepted: number;
  /** Ends every open connection, in the given style. */
  cutAll(style?: CutStyle): void;
  /** Stops listening: new connections are refused (ECONNREFUSED) until `restore()`. */
  refuse(): Promise<void>;
  /** Accepts new connections but forwards nothing of theirs until `restore()` (a host gone dark); open ones carry on. */
  hold(): void;
  /** Forwards every reply from the server this many milliseconds late (0: no delay). */
  delayReplies(milliseconds: number): void;
  /** Ends the connection that sends `text` (e.g. `insert into "contacts"`), before the server sees it, once. */
  cutWhenClientSends(text: string, style?: CutStyle): void;
  /** Back to forwarding everything at once; held connections go through. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** ErrorResponse FATAL 57P01, as PostgreSQL words it (protocol 3.0 §55.7, 'E' message). */
const ADMIN_SHUTDOWN = errorResponse([
  ['S', 'FATAL'],
  ['V', 'FATAL'],
  ['C', '57P01'],
  ['M', 'terminating connection due to administrator command'],
]);

function errorResponse(fields: readonly (readonly [string, string])[]): Buffer {
  const body = Buffer.concat([...fields.map(([code, value]) => Buffer.from(`${code}${value}\0`, 'utf8')), Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header.write('E', 0, 'latin1');
  header.writeUInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

/** One client connection and its upstream, with the server's message framing tracked. */
interface Link {
  readonly client: Socket;
  upstream: Socket | undefined;
  /** Client bytes waiting while the proxy holds new connections. */
  held: Buffer[];
  /** Bytes left of the server message being forwarded; 0 at a message boundary. */
  remaining: number;
  header: Buffer;
  /** When the last delayed reply is due, so delayed chunks keep their order. */
  lastDueAt: number;
  /** Cut at the next message boundary (set while a message is half forwarded). */
  pendingCut: CutStyle | undefined;
}

export async function startPostgresProxy(targetUrl: string): Promise<PostgresProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || 5432);
  const links = new Set<Link>();
  let mode: 'forward' | 'hold' = 'forward';
  let delayMs = 0;
  let accepted = 0;
  let tripwire: { text: string; style: CutStyle } | undefined;

  const server: Server = createServer(function proxyConnection(client) {
    accepted += 1;
    const link: Link = {
      client,
      upstream: undefined,
      held: [],
      remaining: 0,
      header: Buffer.alloc(0),
      lastDueAt: 0,
      pendingCut: undefined,
    };
    links.add(link);
    client.on('error', () => link.upstream?.destroy());
    client.on('close', () => {
      links.delete(link);
      link.upstream?.destroy();
    });
    client.on('data', (chunk: Buffer) => {
      if (tripwire && chunk.includes(tripwire.text)) {
        const { style } = tripwire;
        tripwire = undefined;
        cut(link, style);
        return;
      }
      if (link.upstream) link.upstream.write(chunk);
      else link.held.push(chunk);
    });
    if (mode === 'forward') openUpstream(link);
  });

  function openUpstream(link: Link): void {
    const upstream = connect(targetPort, target.hostname);
    link.upstream = upstream;
    upstream.on('error', () => link.client.destroy());
    upstream.on('close', () => link.client.end());
    upstream.on('data', (chunk: Buffer) => reply(link, chunk));
    for (const chunk of link.held.splice(0)) upstream.write(chunk);
  }

  function reply(link: Link, chunk: Buffer): void {
    const forward = link.pendingCut ? chunk.subarray(0, bytesToBoundary(link, chunk)) : chunk;
    track(link, forward);
    send(link, forward);
    if (link.pendingCut && link.remaining === 0 && link.header.length === 0) cut(link, link.pendingCut);
  }

  function send(link: Link, chunk: Buffer): void {
    if (delayMs === 0 && link.lastDueAt <= Date.now()) {
      link.client.write(chunk);
      return;
    }
    link.lastDueAt = Math.max(Date.now() + delayMs, link.lastDueAt);
    setTimeout(() => link.client.writable && link.client.write(chunk), link.lastDueAt - Date.now());
  }

  /** Follows the server's stream message by message ([type][int32 length][body]). */
  function track(link: Link, chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (link.remaining > 0) {
        const taken = Math.min(link.remaining, chunk.length - offset);
        link.remaining -= taken;
        offset += taken;
        continue;
      }
      const needed = 5 - link.header.length;
      link.header = Buffer.concat([link.header, chunk.subarray(offset, offset + needed)]);
      offset += Math.min(needed, chunk.length - offset);
      if (link.header.length === 5) {
        link.remaining = link.header.readUInt32BE(1) - 4;
        link.header = Buffer.alloc(0);
      }
    }
  }

  /** How many bytes of `chunk` finish the message being forwarded. */
  function bytesToBoundary(link: Link, chunk: Buffer): number {
    if (link.header.length > 0) {
      const header = Buffer.concat([link.header, chunk]).subarray(0, 5);
      if (header.length < 5) return chunk.length;
      return Math.min(chunk.length, 5 - link.header.length + header.readUInt32BE(1) - 4);
    }
    return Math.min(chunk.length, link.remaining);
  }

  function cut(link: Link, style: CutStyle): void {
    const atBoundary = link.remaining === 0 && link.header.length === 0;
    if (style === 'admin-shutdown' && !atBoundary && link.upstream) {
      // Never inject into the middle of a message: finish the one under way first.
      link.pendingCut = style;
      return;
    }
    link.upstream?.destroy();
    if (style === 'reset') link.client.resetAndDestroy();
    else if (style === 'admin-shutdown') link.client.end(ADMIN_SHUTDOWN);
    else link.client.end();
    links.delete(link);
  }

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no TCP address');
  const port = address.port;
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);

  return {
    url: url.toString(),
    port,
    get accepted() {
      return accepted;
    },
    cutAll(style = 'admin-shutdown') {
      for (const link of [...links]) cut(link, style);
    },
    async refuse() {
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    hold() {
      mode = 'hold';
    },
    delayReplies(milliseconds) {
      delayMs = milliseconds;
    },
    cutWhenClientSends(text, style = 'close') {
      tripwire = { text, style };
    },
    async restore() {
      mode = 'forward';
      delayMs = 0;
      for (const link of links) if (!link.upstream) openUpstream(link);
      // The same port again: the clients know no other.
      if (!server.listening) await listen(port);
    },
    async close() {
      for (const link of [...links]) cut(link, 'reset');
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
