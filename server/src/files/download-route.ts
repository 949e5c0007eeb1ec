import { contract, refusal, type GatepostError } from '@gatepost/shared';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ReadRequestScope } from '../http/request-scope';
import { buildCall, type Pipeline } from '../pipeline/index';
import type { ByteRange, FileStorage } from './storage';
import { parseRange } from './byte-range';

export interface DownloadRouteOptions {
  readonly pipeline: Pipeline;
  readonly storage: FileStorage;
  readonly readScope: ReadRequestScope;
}

interface StoredFileView {
  readonly id: string;
  readonly name: string;
  readonly mediaType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
}

/**
 * `GET /files/{id}`: a file's bytes, streamed from storage. Who may read it is `files.get`'s rule
 * (its owner, or an admin), asked through the pipeline like any call; this route only adds HTTP's
 * download semantics: `Content-Type` as stored, `Content-Disposition: attachment` with a safe name
 * (RFC 6266, with RFC 8187's UTF-8 form), `nosniff`, a strong ETag (the SHA-256), and one byte range
 * (RFC 9110 §14: `206 Partial Content`, or `416` with `Content-Range: bytes *\/size`).
 */
export function registerDownloadRoute(app: FastifyInstance, options: DownloadRouteOptions): void {
  app.get<{ Params: { id: string } }>('/files/:id', { config: { authenticates: true } }, async function downloadFile(request, reply) {
    const scope = options.readScope(request, reply);
    const outcome = await options.pipeline.execute(buildCall(scope, contract.files.get, { id: request.params.id }));
    scope.applyOutcome(outcome);
    if (!outcome.ok) return sendError(reply, outcome.error, request.id);
    const file = outcome.data as StoredFileView | null;
    if (!file) return sendError(reply, refusal('ROUTE_NOT_FOUND', ['GET', `/files/${request.params.id}`]), request.id);
    reply
      .header('content-type', file.mediaType)
      .header('content-disposition', contentDisposition(file.name))
      .header('x-content-type-options', 'nosniff')
      // A file is data to save, never a page to run: no script, no plugin, no form, even opened inline.
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('accept-ranges', 'bytes')
      .header('etag', `"${file.sha256}"`)
      .header('cache-control', 'private, no-cache');
    const range = parseRange(request.headers.range, file.sizeBytes);
    if (range === 'unsatisfiable') return reply.status(416).header('content-range', `bytes */${file.sizeBytes}`).send();
    if (range) {
      reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${file.sizeBytes}`);
      return send(reply, await options.storage.read(file.id, range), range);
    }
    reply.header('content-length', String(file.sizeBytes));
    if (file.sizeBytes === 0) return reply.send('');
    return reply.send(await options.storage.read(file.id));
  });
}

function send(reply: FastifyReply, body: NodeJS.ReadableStream, range: ByteRange): FastifyReply {
  return reply.header('content-length', String(range.end - range.start + 1)).send(body);
}

function sendError(reply: FastifyReply, error: GatepostError, requestId: string): FastifyReply {
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.status(error.status).send({ error: { code: error.code, message: error.message, requestId } });
}

/** `attachment; filename="report.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`: an ASCII name for old clients, the real one for the rest. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
