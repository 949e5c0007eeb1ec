import { tables, type Database } from '@gatepost/db';
import { describeBytes, refusal } from '@gatepost/shared';
import { inArray } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { discardUnreadBody } from '../http/discard-unread-body';
import { receiveMultipart, type Received, type UploadLimits, type UploadPlan } from './receive-multipart';
import type { FileStorage } from './storage';
import type { UploadedFile } from './uploaded-file';

declare module 'fastify' {
  interface FastifyRequest {
    /** The files this request stored: kept when a committed row names them, removed after the answer otherwise. */
    uploads: readonly UploadedFile[] | undefined;
  }
}

/** A multipart body left unread by its parser, for the route that knows its operation to read (FileUploads.receive). */
export const UNREAD_MULTIPART = Symbol('unread multipart body');

export const MULTIPART_FORM_DATA = 'multipart/form-data';

/** Uploads as every protocol receives them: one storage, one reader, one rule for what is kept. */
export interface FileUploads {
  readonly storage: FileStorage;
  /**
   * Reads the request's multipart body (receiveMultipart). A refusal has removed what the request
   * stored, and the body's unread rest is discarded (a lingering close), so the answer reaches a
   * client still sending.
   */
  receive(request: FastifyRequest, reply: FastifyReply, plan: UploadPlan): Promise<Received>;
  /** For a multipart request refused before it is read: its body is read and thrown away, so the client reads the refusal. */
  discardUnread(request: FastifyRequest, reply: FastifyReply): void;
}

export interface FileUploadsOptions {
  readonly storage: FileStorage;
  readonly db: Database;
  readonly limits: UploadLimits;
  /** BODY_DISCARD_LIMIT_BYTES: how much of a refused body is read and thrown away before closing. */
  readonly bodyDiscardLimitBytes: number;
  readonly log: Logger;
}

/**
 * Registers uploads on `app`: multipart bodies are left for their route to read (the route knows
 * which fields are files and what they may be), and after each answer the files its request
 * stored that no committed row names — the call failed, rolled back, or never saved them — are
 * removed. That check reads the database, so it holds whatever path the call took; a crash
 * before it leaves orphans for the sweeper (sweep-orphans.ts).
 */
export function registerFileUploads(app: FastifyInstance, options: FileUploadsOptions): FileUploads {
  const { storage, db, limits, log } = options;
  app.decorateRequest('uploads', undefined);
  app.addContentTypeParser(MULTIPART_FORM_DATA, function leaveMultipartUnread(_request, _payload, done) {
    done(null, UNREAD_MULTIPART);
  });
  app.addHook('onResponse', async function removeUnsavedUploads(request) {
    const uploads = request.uploads;
    if (!uploads || uploads.length === 0) return;
    try {
      const ids = uploads.map((upload) => upload.id);
      const saved = new Set(
        (await db.select({ id: tables.files.id }).from(tables.files).where(inArray(tables.files.id, ids))).map((row) => row.id),
      );
      await Promise.all(ids.filter((id) => !saved.has(id)).map((id) => storage.remove(id)));
    } catch (error) {
      request.log.warn({ err: error }, 'could not remove unsaved uploads; the sweeper will');
    }
  });
  return {
    storage,
    discardUnread(request, reply) {
      discardUnreadBody(request, reply, options.bodyDiscardLimitBytes);
    },
    async receive(request, reply, plan) {
      const declaredLength = Number(request.headers['content-length']);
      // Room for the text fields beside the files: a body longer than both cannot be within the limits.
      if (declaredLength > limits.maxUploadBytes + limits.maxFieldBytes) {
        discardUnreadBody(request, reply, options.bodyDiscardLimitBytes);
        return { ok: false, error: refusal('UPLOAD_TOO_LARGE', [describeBytes(limits.maxUploadBytes)]), fields: [] };
      }
      const received = await receiveMultipart(request, storage, limits, plan);
      if (received.ok) request.uploads = received.uploads;
      else {
        if (received.error.code === 'INTERNAL') log.error({ err: received.error.cause, requestId: request.id }, 'upload failed in storage');
        discardUnreadBody(request, reply, options.bodyDiscardLimitBytes);
      }
      return received;
    },
  };
}
