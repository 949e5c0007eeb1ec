// Node's fetch run on a worker thread, for tests where the client must not share the server's
// event loop: a client on the server's own thread only writes between the server's turns, which
// hides races a real client on another machine (or process) meets, such as a reset arriving
// while the body is still being written.
import { Worker } from 'node:worker_threads';

export interface OversizedPost {
  readonly url: string;
  /** Bytes of body to send (a JSON object whose one string fills it). */
  readonly bytes: number;
  /** `content-length` sends a Buffer; `chunked` a stream, so the length is unknown up front. */
  readonly framing: 'content-length' | 'chunked';
  /** Requests sent one after another. */
  readonly times: number;
}

/** How each request ended: an HTTP status with the body's catalog code, or the socket error's code (EPIPE, ECONNRESET). */
export interface PostOutcome {
  readonly status?: number;
  readonly code?: string;
  readonly error?: string;
}

// Plain JavaScript: a worker started from a string runs without the test's TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, bytes, framing, times } = workerData;
const json = Buffer.from('{"name":"' + 'x'.repeat(Math.max(0, bytes - 11)) + '"}');
function bodyOf() {
  if (framing === 'content-length') return json;
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= json.length) return controller.close();
      controller.enqueue(json.subarray(offset, offset + 65536));
      offset += 65536;
    },
  });
}
(async () => {
  const outcomes = [];
  for (let attempt = 0; attempt < times; attempt++) {
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodyOf(), duplex: 'half' });
      const text = await response.text();
      let code;
      try { const body = JSON.parse(text); code = body.error?.data?.code ?? body.errors?.[0]?.extensions?.code ?? body.code; } catch {}
      outcomes.push({ status: response.status, code });
    } catch (error) {
      outcomes.push({ error: String(error.cause?.code ?? error.cause?.message ?? error.message) });
    }
  }
  parentPort.postMessage(outcomes);
})();
`;

/** Sends `times` oversized POSTs from a worker thread and reports how each ended. */
export async function postOversizedFromAnotherThread(post: OversizedPost): Promise<PostOutcome[]> {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: post });
  try {
    return await new Promise<PostOutcome[]>((resolve, reject) => {
      worker.once('message', (outcomes: PostOutcome[]) => resolve(outcomes));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the client thread exited (${code}) before answering`)));
    });
  } finally {
    await worker.terminate();
  }
}
