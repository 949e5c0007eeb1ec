import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline as streamPipeline } from 'node:stream/promises';
import { contract, GatepostError, refusal } from '@gatepost/shared';
import { MemoryLocker, Server, type Upload } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReadRequestScope } from '../http/request-scope';
import { buildCall, type Pipeline } from '../pipeline/index';
import { fileRulesOf } from './file-rules';
import { safeFileName } from './safe-file-name';
import type { FileStorage } from './storage';

import { UploadMeter } from './upload-meter';
import { UploadedFile } from './uploaded-file';

export const RESUMABLE_PATH = '/uploads';

/** The header that names the file a finished upload became (its id is the upload's id too). */
export const FILE_ID_HEADER = 'gatepost-file-id';

/** The upload's metadata entry that names who created it. */
const OWNER_KEY = 'owner';

export interface ResumableRouteOptions {
  readonly pipeline: Pipeline;
  readonly storage: FileStorage;
  readonly readScope: ReadRequestScope;
  /** CORS_ORIGINS: pages there may upload, with their credentials, as they may call the API. */
  readonly allowedOrigins: readonly string[];
}

const uploadOperation = contract.files.upload;

/**
 * Resumable uploads by the tus 1.0 protocol at `/uploads` (@tus/server, with the storage's own
 * tus datastore: @tus/file-store on disk, @tus/s3-store on S3), for files too large to send in one
 * request: an interrupted upload resumes from the last byte stored (`HEAD` gives its offset, the next
 * `PATCH` sends only the rest). Every request is `files.upload`'s call as far as access goes: the
 * pipeline checks the caller may run it, and an upload is its creator's alone (403 for anyone
 * else's). The finished upload runs `files.upload` through the pipeline like any protocol's call,
 * so it ends as a row of `files` under the upload's id, hashed and its media type checked as a
 * multipart upload is; refused, it is removed. tus needs the raw request, so the reply is hijacked.
 */
export function registerResumableUploads(app: FastifyInstance, options: ResumableRouteOptions): void {
  const { datastore, promote } = options.storage.resumable();
  // One locker for every request: two PATCHes of one upload must take turns (per process; see README).
  const locker = new MemoryLocker();
  const rules = fileRulesOf(uploadOperation.input.shape.file);
  if (!rules) throw new Error('files.upload has no file field');

  async function finish(request: FastifyRequest, reply: FastifyReply, upload: Upload) {
    const metadata = upload.metadata ?? {};
    const meter = new UploadMeter({
      path: ['file'],
      maxBytes: rules?.maxBytes ?? Number.POSITIVE_INFINITY,
      limitName: "the field's limit",
      accept: rules?.accept,
      declaredType: metadata.filetype ?? '',
    });
    try {
      // Hashed and sniffed once whole, from where it now is: a tus upload arrives over many requests.
      await promote(upload.id);
      await streamPipeline(await options.storage.read(upload.id), meter, discardAll());
    } catch (error) {
      await options.storage.remove(upload.id).catch(() => {});
      throw tusError(error instanceof GatepostError ? error : new GatepostError('INTERNAL', undefined, { cause: error }), request.id);
    }
    const file = new UploadedFile(
      {
        id: upload.id,
        name: safeFileName(metadata.filename ?? undefined),
        mediaType: meter.mediaType ?? 'application/octet-stream',
        sizeBytes: meter.sizeBytes,
        sha256: meter.sha256 ?? '',
      },
      options.storage,
    );
    // The call's scope starts now, with its deadline: the bytes took as long as they took.
    const scope = options.readScope(request, reply);
    const description = metadata.description ?? undefined;
    const outcome = await options.pipeline.execute(buildCall(scope, uploadOperation, { file, ...(description ? { description } : {}) }));
    if (!outcome.ok) {
      await options.storage.remove(upload.id).catch(() => {});
      throw tusError(outcome.error, request.id);
    }
    return { headers: { [FILE_ID_HEADER]: upload.id } };
  }

  async function resumableUpload(request: FastifyRequest<{ Params: { id?: string } }>, reply: FastifyReply) {
    const scope = options.readScope(request, reply);
    const access = await options.pipeline.checkAccess(buildCall(scope, uploadOperation, undefined));
    if (!access.ok) return sendError(reply, access.error, request.id);
    const lookup = await request.principalLookup;
    const owner = lookup?.ok && lookup.principal ? lookup.principal.id : '';
    const id = request.params.id;
    if (id !== undefined) {
      const existing = await datastore.getUpload(id).catch(() => undefined);
      // An unknown or expired upload is tus's to answer (404, 410); someone else's is refused here.
      if (existing && existing.metadata?.[OWNER_KEY] !== owner) return sendError(reply, refusal('UPLOAD_NOT_YOURS', []), request.id);
    }
    const tus = new Server({
      path: RESUMABLE_PATH,
      datastore,
      locker,
      relativeLocation: true,
      maxSize: rules?.maxBytes,
      namingFunction: () => randomUUID(),
      exposedHeaders: [FILE_ID_HEADER],
      // The reply is tus's, so CORS is too; @tus/server's default would grant every origin (`*`).
      allowedOrigins: (origin) => options.allowedOrigins.includes(origin),
      allowedCredentials: true,
      // Who created it, set by the server alone (a client's own `owner` is replaced).
      onUploadCreate: async (_request, upload) => ({ metadata: { ...upload.metadata, [OWNER_KEY]: owner } }),
      onUploadFinish: (_request, upload) => finish(request, reply, upload),
    });
    reply.hijack();
    await tus.handle(request.raw, reply.raw);
  }

  // tus sends its bytes as application/offset+octet-stream: left unread here, for tus to stream.
  app.addContentTypeParser('application/offset+octet-stream', function leaveForTus(_request, _payload, done) {
    done(null);
  });
  const methods = ['POST', 'HEAD', 'PATCH', 'DELETE'] as const;
  app.route({ method: [...methods], url: RESUMABLE_PATH, config: { authenticates: true }, handler: resumableUpload });
  app.route({ method: [...methods], url: `${RESUMABLE_PATH}/:id`, config: { authenticates: true }, handler: resumableUpload });
}

function sendError(reply: FastifyReply, error: GatepostError, requestId: string): FastifyReply {
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.status(error.status).send({ error: { code: error.code, message: error.message, requestId } });
}

/** What tus answers for a refused finish: the catalog's status, and its JSON error body. */
function tusError(error: GatepostError, requestId: string): { status_code: number; body: string } {
  const message = error.code === 'INTERNAL' ? `Unexpected error; quote request ${requestId}.` : error.message;
  return { status_code: error.status, body: JSON.stringify({ error: { code: error.code, message, requestId } }) };
}

function discardAll(): Writable {
  return new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
}
