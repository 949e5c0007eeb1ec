// Raw HTTP/1.1 keep-alive clients over bare TCP sockets, sending one request after another with no
// pause: the moment a response is complete, the next request goes out on the same socket (unless
// the response said `Connection: close`, RFC 9112 §9.6; then a new connection is opened). Nothing
// between the test and the wire (no pool, no retries), so every outcome is counted as it happened.
import { connect, type Socket } from 'node:net';

export interface Answer {
  /** Which client (0 … clients − 1) got it. */
  readonly client: number;
  readonly status: number;
  readonly retryAfter: boolean;
  readonly connectionClose: boolean;
  /** When the response was complete (Date.now()). */
  readonly at: number;
}

export interface LoopCounts {
  readonly answers: Answer[];
  /** Requests answered by nothing: the connection was reset (ECONNRESET, EPIPE) or closed before a whole response. */
  readonly failures: { readonly kind: string; readonly at: number }[];
  /**
   * Connections the stopped listener turned away: refused outright (the request never left the
   * client), or reset before anything was answered on them, a reconnect that was still in the
   * kernel's accept queue when the listener closed (the server never read it; counted in
   * `droppedFromAcceptQueue` too). Only a client told `Connection: close` reconnects, so this
   * happens during a stop alone; a busy machine accepts slowly and leaves more in the queue.
   */
  refused: number;
  droppedFromAcceptQueue: number;
}

export interface KeepAliveLoop {
  readonly counts: LoopCounts;
  /**
   * Resolves once every client has had an answer: each connection has been accepted and is in
   * its keep-alive loop. A stop before then would close the listener on connections still in the
   * kernel's accept queue (a busy machine accepts slowly), which measures the machine, not the stop.
   */
  readonly allAnswered: Promise<void>;
  /** Resolves once every client has been refused (the server stopped listening) or `stop()` was called. */
  readonly finished: Promise<LoopCounts>;
  stop(): Promise<LoopCounts>;
}

export interface KeepAliveLoopOptions {
  readonly port: number;
  readonly clients: number;
  /** The raw request, sent again and again. */
  readonly request: string;
}

/** Starts `clients` raw keep-alive clients; each ends when a connection attempt is refused. */
export function startKeepAliveLoop(options: KeepAliveLoopOptions): KeepAliveLoop {
  const counts: LoopCounts = { answers: [], failures: [], refused: 0, droppedFromAcceptQueue: 0 };
  const live = new Set<Socket>();
  let stopping = false;
  const answeredClients = new Set<number>();
  let everyClientAnswered!: () => void;
  const allAnswered = new Promise<void>((resolve) => (everyClientAnswered = resolve));
  const finished = Promise.all(Array.from({ length: options.clients }, (_, client) => runClient(client))).then(() => counts);

  async function runClient(client: number): Promise<void> {
    let toldToClose = false;
    while (!stopping) {
      const outcome = await oneConnection(client, toldToClose);
      if (outcome === 'refused') return;
      toldToClose = outcome === 'told to close';
    }
  }

  /**
   * Sends requests on one connection until it is closed; says whether the listener turned it away,
   * or how it ended. `reconnecting`: the client's last connection ended on a `Connection: close`.
   */
  function oneConnection(client: number, reconnecting: boolean): Promise<'refused' | 'told to close' | 'closed'> {
    return new Promise((resolve) => {
      const socket = connect({ port: options.port, host: '127.0.0.1' });
      live.add(socket);
      let connected = false;
      let buffer = Buffer.alloc(0);
      let awaiting = false;
      let failure: string | undefined;
      let answered = 0;
      let toldToClose = false;
      const send = () => {
        if (stopping) {
          socket.end();
          return;
        }
        awaiting = true;
        socket.write(options.request);
      };
      socket.once('connect', () => {
        connected = true;
        send();
      });
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (let answer = takeResponse(); answer; answer = takeResponse()) {
          awaiting = false;
          answered += 1;
          counts.answers.push(answer);
          answeredClients.add(client);
          if (answeredClients.size === options.clients) everyClientAnswered();
          toldToClose = answer.connectionClose;
          if (answer.connectionClose) socket.end();
          else send();
        }
      });
      socket.on('error', (error: NodeJS.ErrnoException) => {
        failure = error.code ?? error.message;
      });
      socket.once('close', () => {
        live.delete(socket);
        const refused = !connected && failure === 'ECONNREFUSED';
        const dropped = connected && reconnecting && answered === 0 && failure === 'ECONNRESET';
        if (refused || dropped) counts.refused += 1;
        if (dropped) counts.droppedFromAcceptQueue += 1;
        if (!refused && !dropped && (failure || awaiting) && !stopping)
          counts.failures.push({ kind: failure ?? 'closed before a whole response', at: Date.now() });
        resolve(refused || dropped ? 'refused' : toldToClose ? 'told to close' : 'closed');
      });

      function takeResponse(): Answer | undefined {
        const headEnd = buffer.indexOf('\r\n\r\n');
        if (headEnd < 0) return undefined;
        const head = buffer.subarray(0, headEnd).toString('latin1').toLowerCase();
        const length = Number(/\r\ncontent-length: *(\d+)/.exec(head)?.[1] ?? 0);
        if (buffer.length < headEnd + 4 + length) return undefined;
        buffer = buffer.subarray(headEnd + 4 + length);
        return {
          client,
          status: Number(head.slice(9, 12)),
          retryAfter: /\r\nretry-after: *\d+/.test(head),
          connectionClose: /\r\nconnection: *close/.test(head),
          at: Date.now(),
        };
      }
    });
  }

  return {
    counts,
    allAnswered,
    finished,
    async stop() {
      stopping = true;
      for (const socket of live) socket.end();
      return finished;
    },
  };
}

/** `GET path` with keep-alive (HTTP/1.1's default). */
export function rawGet(path: string): string {
  return `GET ${path} HTTP/1.1\r\nHost: gatepost\r\n\r\n`;
}
