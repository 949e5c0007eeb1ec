import type { S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { assertByteRange, assertStorageKey, isStorageKey, type FileStorage, type ResumableStore, type StoredObject } from './storage';

export interface S3StorageOptions {
  /** The bucket objects are stored in; it must exist. */
  readonly bucket: string;
  /** An S3-compatible service's URL (MinIO, R2, a test server). @default AWS's endpoint for `region` */
  readonly endpoint?: string;
  /** The bucket's region (S3-compatible services mostly accept any, e.g. `us-east-1`). */
  readonly region: string;
  /** With `secretAccessKey`, static credentials. @default the SDK's provider chain (environment, profile, instance role) */
  readonly accessKeyId?: string;
  /** With `accessKeyId`, static credentials. @default the SDK's provider chain */
  readonly secretAccessKey?: string;
  /** Addresses the bucket as `<endpoint>/<bucket>` rather than `<bucket>.<endpoint>`, as most S3-compatible services need. @default false */
  readonly forcePathStyle?: boolean;
  /** Put before every key as is, so end it with `/` for a folder (`uploads/`). @default '' */
  readonly prefix?: string;
}

/**
 * The smallest part S3 takes (but the last). With `QUEUE_SIZE` parts in flight, lib-storage holds
 * at most about QUEUE_SIZE + 1 parts of one upload in memory (those being sent and the one being
 * filled), so ~15 MiB per upload whatever the file's size, and the body is read no faster than
 * the bucket takes it.
 */
const PART_SIZE = 5 * 1024 * 1024;

/**
 * Checksums only where S3 requires them. The SDK's default (since 3.729) adds a CRC32 to every
 * upload, sent for a streamed body as an `aws-chunked` trailer, which S3-compatible services that
 * predate it (MinIO before 2025, s3rver, some gateways) store as part of the object's bytes. Each
 * file's SHA-256 is computed by gatepost as it arrives anyway.
 */
const CHECKSUMS_WHEN_REQUIRED = { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } as const;
const QUEUE_SIZE = 2;

/** Objects in an S3 (or S3-compatible) bucket, `<prefix><key>`, streamed up in parts. */
export async function createS3Storage(options: S3StorageOptions): Promise<FileStorage> {
  // Loaded here, not at start-up: a server that stores on disk never carries the AWS SDK.
  const [sdk, { Upload }, { S3Store }] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/lib-storage'),
    import('@tus/s3-store'),
  ]);
  const { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client } = sdk;
  const { bucket: Bucket, prefix = '' } = options;
  if (Boolean(options.accessKeyId) !== Boolean(options.secretAccessKey)) {
    throw new TypeError('S3 storage: give both accessKeyId and secretAccessKey, or neither');
  }
  const client = new S3Client({
    ...CHECKSUMS_WHEN_REQUIRED,
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle ?? false,
    credentials:
      options.accessKeyId && options.secretAccessKey
        ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
        : undefined,
  });
  const objectKey = (key: string): string => {
    assertStorageKey(key);
    return prefix + key;
  };
  // Keys are written once (a UUID per file), so deleting after a failed write never takes an older object with it.
  // A delete that fails too is left to the sweeper: the write's own error is the one worth reporting.
  const removeQuietly = (Key: string) => client.send(new DeleteObjectCommand({ Bucket, Key })).then(noop, noop);

  let resumable: ResumableStore | undefined;
  return {
    description: `S3 bucket ${Bucket} at ${options.endpoint ?? 'AWS'}`,

    resumable() {
      // tus's S3 store completes each upload as the object named by its id, at the bucket's root.
      if (prefix) throw new TypeError('S3 storage: resumable uploads need a storage without a prefix');
      resumable ??= {
        datastore: new S3Store({
          partSize: PART_SIZE,
          expirationPeriodInMilliseconds: 24 * 3600_000,
          // Expiry is read from each upload's record, not from object tags, which not every S3-compatible service keeps.
          useTags: false,
          s3ClientConfig: {
            ...CHECKSUMS_WHEN_REQUIRED,
            bucket: Bucket,
            region: options.region,
            forcePathStyle: options.forcePathStyle ?? false,
            ...(options.endpoint ? { endpoint: options.endpoint } : {}),
            ...(options.accessKeyId && options.secretAccessKey
              ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
              : {}),
          },
        }),
        async promote() {},
      };
      return resumable;
    },

    async write(key, body, writeOptions) {
      const Key = objectKey(key);
      const signal = writeOptions?.signal;
      signal?.throwIfAborted();
      let bodyError: unknown;
      const onBodyError = (error: unknown) => {
        bodyError ??= error;
      };
      // Not `upload.abort()`: lib-storage's abort only rejects `done()` at once, while the request
      // in flight (a PutObject, an UploadPart, the CompleteMultipartUpload) goes on and can store the
      // object after this write rejected and after its clean-up ran. Ending the body instead fails the
      // upload from inside, and `done()` settles once every request it sent has settled.
      const onAbort = () => body.destroy(signal?.reason);
      body.on('error', onBodyError);
      signal?.addEventListener('abort', onAbort, { once: true });
      const upload = new Upload({
        client,
        params: { Bucket, Key, Body: body, ContentType: writeOptions?.mediaType },
        partSize: PART_SIZE,
        queueSize: QUEUE_SIZE,
        leavePartsOnError: false,
      });
      try {
        await upload.done();
        // Aborted after the body's last byte: the object is whole, but the caller gave up on it.
        signal?.throwIfAborted();
      } catch (error) {
        await removeQuietly(Key);
        // The caller's abort, or the body's own failure, explains more than what lib-storage rethrows
        // (its AbortMultipartUpload's failure, when that fails too, replaces the first error).
        throw signal?.aborted ? signal.reason : (bodyError ?? error);
      } finally {
        signal?.removeEventListener('abort', onAbort);
        body.off('error', onBodyError);
      }
    },

    async read(key, range) {
      const Key = objectKey(key);
      assertByteRange(range);
      try {
        const { Body } = await client.send(
          new GetObjectCommand({ Bucket, Key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
        );
        // In Node the SDK's body is the HTTP response itself, a Readable.
        if (!(Body instanceof Readable)) throw new TypeError(`S3 storage: the body of ${Key} is not a Node stream`);
        return Body;
      } catch (error) {
        if (!isMissingObject(error, sdk)) throw error;
        throw Object.assign(new Error(`no object ${Key} in bucket ${Bucket}`), { code: 'ENOENT', cause: error });
      }
    },

    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(key) }));
    },

    list: () => listObjects(client, (input) => new ListObjectsV2Command(input), Bucket, prefix),

    async close() {
      client.destroy();
    },
  };
}

type ListCommand = (input: {
  Bucket: string;
  Prefix: string | undefined;
  Delimiter: string;
  ContinuationToken: string | undefined;
}) => import('@aws-sdk/client-s3').ListObjectsV2Command;

async function* listObjects(client: S3Client, listCommand: ListCommand, Bucket: string, prefix: string): AsyncGenerator<StoredObject> {
  let ContinuationToken: string | undefined;
  do {
    // The delimiter keeps "folders" under the prefix out, as the disk storage lists one folder.
    const page = await client.send(listCommand({ Bucket, Prefix: prefix || undefined, Delimiter: '/', ContinuationToken }));
    for (const object of page.Contents ?? []) {
      const key = object.Key?.slice(prefix.length);
      if (key === undefined || !isStorageKey(key)) continue;
      yield { key, sizeBytes: object.Size ?? 0, lastModified: object.LastModified ?? new Date(0) };
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
}

/** NoSuchKey, or a bare 404 (some S3-compatible services send no error body); a missing bucket is a misconfiguration, not a missing file. */
function isMissingObject(error: unknown, sdk: typeof import('@aws-sdk/client-s3')): boolean {
  if (error instanceof sdk.NoSuchKey) return true;
  return error instanceof sdk.S3ServiceException && error.$metadata.httpStatusCode === 404 && error.name !== 'NoSuchBucket';
}

function noop(): void {}
