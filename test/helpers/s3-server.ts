import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3StorageOptions } from '../../server/src/files/s3-storage';
import { multipartCallsFor } from './s3rver-multipart';

/** A fake S3 of its own for one test file: s3rver on a free port, with one empty bucket. */
export interface TestS3Server extends AsyncDisposable {
  readonly endpoint: string;
  readonly bucket: string;
  /** What `createS3Storage` needs to use the bucket. */
  readonly options: S3StorageOptions;
  close(): Promise<void>;
}

/**
 * Starts s3rver (3.7, last released 2021) in this process. It checks that a V4 signature is well
 * formed but does not verify it, so any keys would do; `S3RVER`/`S3RVER` is the account it knows.
 * What it does not do, and the storage tests work around:
 * - no ListParts and no AbortMultipartUpload (405): s3rver-multipart.ts answers those two;
 * - a range ending at byte 0 (`bytes=0-0`) is read as open-ended (`end || Infinity` in its
 *   filesystem store), so no test asks it for one.
 */
export async function startS3Server(): Promise<TestS3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'gatepost-s3rver-'));
  const bucket = `gatepost-test-${randomBytes(4).toString('hex')}`;
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  // Before s3rver's router: the multipart calls it lacks (ListParts, AbortMultipartUpload).
  server.middleware.unshift(multipartCallsFor(server.store));
  let address;
  try {
    address = await server.run();
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const endpoint = `http://127.0.0.1:${address.port}`;
  const close = async () => {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  };
  return {
    endpoint,
    bucket,
    options: {
      bucket,
      endpoint,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
