// How every peer starts and stops, so the bench can drive them all the same way:
// PORT from the environment (0 = any free port), loopback only, `listening on <port>` once ready,
// SIGTERM closes the server and the pool, then exits.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export function portFromEnvironment(environment: NodeJS.ProcessEnv = process.env): number {
  const port = Number(environment.PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be 0..65535, got ${environment.PORT}`);
  return port;
}

/** Prints the line the bench waits for. */
export function announce(address: AddressInfo | string | null): void {
  const port = typeof address === 'object' && address ? address.port : String(address);
  process.stdout.write(`listening on ${port}\n`);
}

/** Listens a node:http server on 127.0.0.1 and wires SIGTERM to a clean stop. */
export async function serveNodeHttp(server: Server, onClose: () => Promise<void> = async () => {}): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(portFromEnvironment(), '127.0.0.1', () => resolve());
  });
  announce(server.address());
  exitOnSigterm(async () => {
    // closeAllConnections: autocannon keeps its sockets open; without it close() waits for them.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await onClose();
  });
}

export function exitOnSigterm(stop: () => Promise<void>): void {
  process.once('SIGTERM', () => {
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
