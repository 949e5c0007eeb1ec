import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The part of a Koa context this middleware reads and writes (s3rver is a Koa app; it has no types). */
interface KoaContext {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | undefined>;
  status: number;
  body: unknown;
  type: string;
}

/** What s3rver's filesystem store offers that this reads: where an upload's parts are kept. */
interface S3rverStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
}

/**
 * The two calls of S3's multipart API that s3rver 3.7 lacks and @tus/s3-store makes — ListParts
 * (`GET /bucket/key?uploadId=…`, which tells a resumed upload what is stored) and
 * AbortMultipartUpload (`DELETE …?uploadId=…`) — answered from s3rver's own upload folders
 * (`<bucket>/._S3rver_uploads/<uploadId>/<part>` with `<part>.md5`), so the resumable-upload suite
 * runs on S3 too. Test-only: a Koa middleware placed before s3rver's router; everything else
 * passes through to s3rver.
 */
export function multipartCallsFor(store: S3rverStore) {
  return async function missingMultipartCalls(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
    const uploadId = ctx.query.uploadId;
    const [, bucket, ...keyParts] = ctx.path.split('/');
    if (!uploadId || !bucket || keyParts.length === 0 || !/^[0-9a-f]+$/.test(uploadId)) return next();
    const uploadDir = join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
    if (ctx.method === 'DELETE') {
      await rm(uploadDir, { recursive: true, force: true });
      ctx.status = 204;
      ctx.body = '';
      return;
    }
    if (ctx.method !== 'GET') return next();
    const entries = await readdir(uploadDir).catch(() => undefined);
    if (!entries) {
      ctx.status = 404;
      ctx.type = 'application/xml';
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>`;
      return;
    }
    const numbers = entries
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .sort((a, b) => a - b);
    const parts = await Promise.all(
      numbers.map(async (number) => {
        const [info, md5] = await Promise.all([stat(join(uploadDir, String(number))), readFile(join(uploadDir, `${number}.md5`), 'utf8')]);
        return `<Part><PartNumber>${number}</PartNumber><LastModified>${info.mtime.toISOString()}</LastModified><ETag>"${md5.trim()}"</ETag><Size>${info.size}</Size></Part>`;
      }),
    );
    ctx.status = 200;
    ctx.type = 'application/xml';
    ctx.body =
      `<?xml version="1.0" encoding="UTF-8"?><ListPartsResult><Bucket>${bucket}</Bucket><Key>${keyParts.join('/')}</Key>` +
      `<UploadId>${uploadId}</UploadId><IsTruncated>false</IsTruncated>${parts.join('')}</ListPartsResult>`;
  };
}
