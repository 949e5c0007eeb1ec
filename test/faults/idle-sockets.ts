// A flood of idle TCP connections, as a slowloris client or a misbehaving pool makes: each one
// connects and sends nothing. They are opened a bounded number at a time (an unbounded burst only
// overflows the listen backlog and measures SYN retries), from several loopback addresses so the
// flood does not run out of ephemeral ports. Each socket's connect and close times are kept, so a
// test can tell the ones the server dropped at once from the ones it held until a timeout.
import { connect, type Socket } from 'node:net';

export interface IdleSocket {
  readonly connectedAt: number;
  /** When the server ended it (undefined while it is open). */
  closedAt: number | undefined;
  /** Bytes the server sent before closing (a 408 answer, say); an idle connection asked nothing. */
  bytesReceived: number;
}

export interface IdleFlood {
  readonly sockets: readonly IdleSocket[];
  /** Connection attempts that failed, by error code (EMFILE: this process ran out of descriptors). */
  readonly failures: Record<string, number>;
  /** Sockets the server has not closed. */
  openNow(): number;
  /** Closes what is still open, from this side. */
  destroy(): void;
}

export interface IdleFloodOptions {
  readonly port: number;
  readonly count: number;
  /** Connection attempts in flight at once. */
  readonly concurrency: number;
}

const LOCAL_ADDRESSES = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];

/** Opens `count` idle connections to 127.0.0.1:`port`; resolves once every attempt has connected or failed. */
export async function openIdleFlood(options: IdleFloodOptions): Promise<IdleFlood> {
  const sockets: IdleSocket[] = [];
  const handles = new Set<Socket>();
  const failures: Record<string, number> = {};
  let next = 0;

  const openOne = (index: number) =>
    new Promise<void>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: options.port, localAddress: LOCAL_ADDRESSES[index % LOCAL_ADDRESSES.length] });
      handles.add(socket);
      let record: IdleSocket | undefined;
      socket.once('connect', () => {
        record = { connectedAt: Date.now(), closedAt: undefined, bytesReceived: 0 };
        sockets.push(record);
        resolve();
      });
      socket.on('data', (chunk: Buffer) => {
        if (record) record.bytesReceived += chunk.length;
      });
      socket.on('error', (error: NodeJS.ErrnoException) => {
        // A reset after connecting is the server closing it; before, the attempt failed.
        if (record) return;
        const code = error.code ?? 'UNKNOWN';
        failures[code] = (failures[code] ?? 0) + 1;
        resolve();
      });
      socket.once('close', () => {
        handles.delete(socket);
        if (record) record.closedAt = Date.now();
      });
    });

  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.count) await openOne(next++);
    }),
  );
  return {
    sockets,
    failures,
    openNow: () => sockets.filter((socket) => socket.closedAt === undefined).length,
    destroy() {
      for (const socket of handles) socket.destroy();
    },
  };
}
