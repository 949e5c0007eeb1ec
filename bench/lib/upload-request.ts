// One upload over node:http: the multipart body streamed with backpressure (Readable.from keeps
// at most 16 chunks queued), on a connection of its own, answered within a deadline. Never
// rejects: a refusal, a reset or a timeout is an answer too, so the bench can report it.
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import type { MultipartBody } from './upload-multipart';

export type UploadAnswer =
  | { readonly ok: true; readonly status: number; readonly text: string; readonly wallMs: number }
  | { readonly ok: false; readonly error: string; readonly wallMs: number };

/** The most of an answer kept: gatepost's and yoga's answers are a few hundred bytes. */
const MAX_ANSWER_CHARS = 64 * 1024;

export function sendUpload(url: URL, body: MultipartBody, headers: OutgoingHttpHeaders, timeoutMs: number): Promise<UploadAnswer> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  return new Promise<UploadAnswer>((resolve) => {
    let settled = false;
    const settle = (answer: UploadAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      source.destroy();
      request.destroy();
      resolve(answer);
    };
    const source = Readable.from(body.chunks());
    const request = httpRequest(url, {
      method: 'POST',
      // A connection per upload: concurrent uploads must not queue behind one another on an agent.
      agent: false,
      headers: { ...headers, 'content-type': body.contentType, 'content-length': String(body.contentLength) },
    });
    const deadline = setTimeout(() => settle({ ok: false, error: `no answer within ${timeoutMs / 1000} s`, wallMs: elapsed() }), timeoutMs);

    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      // A refusal answered while the body is still going (a 413 mid-file): stop sending.
      if (status >= 300) {
        source.unpipe(request);
        source.destroy();
      }
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (text.length < MAX_ANSWER_CHARS) text += chunk;
      });
      response.on('end', () => settle({ ok: true, status, text, wallMs: elapsed() }));
      response.on('error', (error) => settle({ ok: false, error: `answer cut off (HTTP ${status}): ${error.message}`, wallMs: elapsed() }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      // A server that answers early and closes without reading the rest (node:http's default) resets
      // the connection, and the reset discards its answer before the client reads it (RFC 9112 §9.6).
      const closed = error.code === 'EPIPE' || error.code === 'ECONNRESET' ? ' (the server closed the connection before reading the whole body)' : '';
      settle({ ok: false, error: `request failed: ${error.message}${closed}`, wallMs: elapsed() });
    });
    source.on('error', (error) => settle({ ok: false, error: `body stream failed: ${error.message}`, wallMs: elapsed() }));
    source.pipe(request);
  });
}
