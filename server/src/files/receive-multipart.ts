import { randomUUID } from 'node:crypto';
import busboy, { type Busboy } from 'busboy';
import { describeBytes, GatepostError, refusal, type FileRules } from '@gatepost/shared';
import type { FastifyRequest } from 'fastify';
import type { FormValue } from '../http/form-body';
import { safeFileName } from './safe-file-name';
import type { FileStorage } from './storage';
import { UploadMeter } from './upload-meter';
import { UploadedFile } from './uploaded-file';

export type FormEntries = readonly (readonly [name: string, value: FormValue])[];

/** Where a file part goes in the call's input, and what it may be. */
export interface FileDestination {
  readonly path: readonly (string | number)[];
  readonly rules: FileRules;
}

/** What the adapter that knows the operation says about a request's parts while they arrive. */
export interface UploadPlan {
  /** Where the file part named `fieldName` goes; an error when no file field is there (400). */
  fileField(fieldName: string, fieldsSoFar: FormEntries): FileDestination | GatepostError;
  /**
   * Asked once, before the first file is stored, with the fields sent before it: a refusal then
   * (the caller may not run the operation at all) answers before a byte of any file is kept.
   */
  beforeFirstFile?(fieldsSoFar: FormEntries): Promise<GatepostError | undefined>;
}

export interface UploadLimits {
  /** MAX_UPLOAD_BYTES: the most bytes of files one request may carry. */
  readonly maxUploadBytes: number;
  /** MAX_FILES_PER_REQUEST. */
  readonly maxFiles: number;
  /** The largest text field (BODY_LIMIT_BYTES): a GraphQL request's `operations` is one. */
  readonly maxFieldBytes: number;
  /** The most text fields. */
  readonly maxFields: number;
}

export type Received =
  | { readonly ok: true; readonly fields: FormEntries; readonly uploads: readonly UploadedFile[] }
  | { readonly ok: false; readonly error: GatepostError; readonly fields: FormEntries };

/**
 * Reads a `multipart/form-data` request as it arrives (busboy), the one path every protocol's
 * uploads take: text fields are kept in order; each file part is streamed straight to storage
 * through an UploadMeter (size, SHA-256, media type), under a new id, so a file never sits in
 * memory. The first refusal — a limit passed, a type refused, no file field of that name, the
 * client gone, a malformed body — stops reading at once and removes every object the request
 * stored, before the refusal is answered: a refused request leaves nothing behind.
 */
export function receiveMultipart(request: FastifyRequest, storage: FileStorage, limits: UploadLimits, plan: UploadPlan): Promise<Received> {
  const incoming = request.raw;
  let parser: Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      // The name as sent, folders included: safeFileName decides what is kept.
      preservePath: true,
      // Browsers send file names as UTF-8 (WHATWG's multipart/form-data encoding), not latin1.
      defParamCharset: 'utf8',
      limits: { files: limits.maxFiles, fields: limits.maxFields, fieldSize: limits.maxFieldBytes, fieldNameSize: 1000 },
    });
  } catch {
    return Promise.resolve({ ok: false, error: refusal('MULTIPART_MALFORMED', ['it has no boundary']), fields: [] });
  }
  const fields: [string, FormValue][] = [];
  const uploads: UploadedFile[] = [];
  const writes: Promise<void>[] = [];
  const aborted = new AbortController();
  // Every file's meter: a part ends before the next begins, so their counts are the bytes taken so far.
  const meters: UploadMeter[] = [];
  let askedBeforeFirstFile = false;
  let failure: GatepostError | undefined;

  return new Promise<Received>((resolve) => {
    /** Stops reading at once; answers once every write has ended and what was stored is removed. */
    function fail(error: GatepostError): void {
      if (failure) return;
      failure = error;
      incoming.unpipe(parser);
      aborted.abort();
      // Not awaited by the write that failed: it is one of `writes`.
      void Promise.allSettled(writes)
        .then(() => Promise.allSettled(uploads.map((upload) => storage.remove(upload.id))))
        .then(() => resolve({ ok: false, error, fields: fields.filter((entry) => typeof entry[1] === 'string') }));
    }

    async function receiveFile(name: string, part: NodeJS.ReadableStream & { resume(): void }, info: busboy.FileInfo): Promise<void> {
      if (!askedBeforeFirstFile && plan.beforeFirstFile) {
        askedBeforeFirstFile = true;
        const refused = await plan.beforeFirstFile(fields);
        if (refused) {
          fail(refused);
          return;
        }
      }
      const destination = plan.fileField(name, fields);
      if (destination instanceof GatepostError) {
        part.resume();
        fail(destination);
        return;
      }
      const left = limits.maxUploadBytes - meters.reduce((total, earlier) => total + earlier.sizeBytes, 0);
      const fieldLimitFirst = destination.rules.maxBytes <= left;
      const meter = new UploadMeter({
        path: destination.path,
        maxBytes: fieldLimitFirst ? destination.rules.maxBytes : left,
        limitName: fieldLimitFirst ? "the field's limit" : "the request's limit (MAX_UPLOAD_BYTES)",
        accept: destination.rules.accept,
        declaredType: info.mimeType,
      });
      meters.push(meter);
      const id = randomUUID();
      let refused: unknown;
      // A refused part stops the request; its own bytes need not be read any further.
      meter.once('error', (error) => {
        refused = error;
        part.resume();
      });
      part.pipe(meter);
      try {
        await storage.write(id, meter, { signal: aborted.signal, mediaType: info.mimeType });
      } catch (error) {
        // The meter's refusal, however the storage reports the stream that failed under it.
        throw refused ?? error;
      }
      const file = new UploadedFile(
        {
          id,
          name: safeFileName(unescapedName(info.filename)),
          mediaType: meter.mediaType ?? 'application/octet-stream',
          sizeBytes: meter.sizeBytes,
          sha256: meter.sha256 ?? '',
        },
        storage,
      );
      uploads.push(file);
      fields.push([name, file]);
      if (failure) await storage.remove(id);
    }

    parser.on('field', (name, value, info) => {
      if (failure) return;
      if (info.valueTruncated) fail(refusal('MULTIPART_FIELD_TOO_LARGE', [name, describeBytes(limits.maxFieldBytes)]));
      else fields.push([name, value]);
    });
    parser.on('file', (name, part, info) => {
      // A browser sends a file input left empty as a part with no file name and no bytes: no file, as an empty text field is no value.
      if (failure || !info.filename) {
        part.resume();
        return;
      }
      writes.push(receiveFile(name, part, info).catch((error: unknown) => fail(asGatepostError(error))));
    });
    parser.on('filesLimit', () => fail(refusal('TOO_MANY_FILES', [limits.maxFiles])));
    parser.on('fieldsLimit', () => fail(refusal('MULTIPART_TOO_MANY_FIELDS', [limits.maxFields])));
    parser.on('error', (error: Error) => fail(refusal('MULTIPART_MALFORMED', [error.message.toLowerCase().replace(/\.$/, '')])));
    parser.on('close', () => {
      // Every part has been read; each file's write may still be finishing.
      void Promise.all(writes).then(() => {
        if (!failure) resolve({ ok: true, fields, uploads });
      });
    });
    incoming.on('close', () => {
      if (!incoming.complete) fail(refusal('CLIENT_WENT_AWAY', []));
    });
    incoming.pipe(parser);
  });
}

/** A file name as sent: WHATWG's multipart encoding escapes `"` (and line breaks) in it as %22 (%0A, %0D). */
function unescapedName(name: string | undefined): string | undefined {
  return name?.replace(/%(22|0A|0D)/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** A refusal a meter raised, or — for a storage's own failure — an error the pipeline's normaliser logs and masks. */
function asGatepostError(error: unknown): GatepostError {
  if (error instanceof GatepostError) return error;
  if (error instanceof Error && error.name === 'AbortError') return refusal('CLIENT_WENT_AWAY', []);
  return new GatepostError('INTERNAL', undefined, { cause: error });
}
