// Open connections are a resource like any other: capped (MAX_CONNECTIONS), and an idle
// keep-alive connection is let go soon after its last response (KEEP_ALIVE_TIMEOUT_MS).
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { startGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';

function openSocket(gp: GatepostUnderTest): Promise<Socket> {
  const { port } = new URL(gp.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ port: Number(port), host: '127.0.0.1' });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Whether the server ends the socket within `milliseconds`. */
function closesWithin(socket: Socket, milliseconds: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.closed) return resolve(true);
    const timer = setTimeout(() => resolve(false), milliseconds);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
    // A reset arrives as an error before the close.
    socket.on('error', () => {});
    socket.resume();
  });
}

/** Sends one keep-alive request on the socket and waits for the whole response. */
function healthCheckOn(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.endsWith('}')) {
        socket.off('data', onData);
        resolve(received.split('\r\n')[0] ?? '');
      }
    };
    socket.on('data', onData);
    socket.write('GET /healthz HTTP/1.1\r\nHost: gatepost\r\nConnection: keep-alive\r\n\r\n');
  });
}

forEachDatabase((database) => {
  describe('MAX_CONNECTIONS', () => {
    it('closes a connection beyond the cap as soon as it arrives', async () => {
      await using gp = await startGatepost({ database: database.current, config: { maxConnections: 2 } });
      const held = [await openSocket(gp), await openSocket(gp)];
      const extra = await openSocket(gp);
      expect(await closesWithin(extra, 2000)).toBe(true);
      held.forEach((socket) => socket.destroy());
    });

    it('still serves the connections within the cap', async () => {
      await using gp = await startGatepost({ database: database.current, config: { maxConnections: 2 } });
      const held = [await openSocket(gp), await openSocket(gp)];
      expect(await healthCheckOn(held[1] as Socket)).toBe('HTTP/1.1 200 OK');
      held.forEach((socket) => socket.destroy());
    });
  });

  describe('KEEP_ALIVE_TIMEOUT_MS', () => {
    it('closes a keep-alive connection left idle that long after its response', async () => {
      await using gp = await startGatepost({ database: database.current, config: { keepAliveTimeoutMs: 300 } });
      const socket = await openSocket(gp);
      expect(await healthCheckOn(socket)).toBe('HTTP/1.1 200 OK');
      expect(await closesWithin(socket, 3000)).toBe(true);
    });

    it('announces that timeout in the Keep-Alive header, which clients read to stop reusing the connection in time', async () => {
      await using gp = await startGatepost({ database: database.current, config: { keepAliveTimeoutMs: 4000 } });
      const response = await gp.anonymousFetch('/healthz');
      expect(response.headers.get('keep-alive')).toBe('timeout=4');
    });
  });
});
