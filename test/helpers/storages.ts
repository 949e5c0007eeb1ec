import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { createDiskStorage } from '../../server/src/files/disk-storage';
import { createS3Storage } from '../../server/src/files/s3-storage';
import type { FileStorage } from '../../server/src/files/storage';
import { startS3Server } from './s3-server';
import type { StartOptions } from './start-gatepost';

export type StorageKind = 'disk' | 's3';

/** A storage of its own for the enclosing describe block, and how to take it down again. */
async function openStorage(kind: StorageKind): Promise<{ storage: FileStorage; close(): Promise<void> }> {
  if (kind === 'disk') {
    const dir = await mkdtemp(join(tmpdir(), 'gatepost-files-'));
    const storage = createDiskStorage(dir);
    return {
      storage,
      async close() {
        await storage.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const server = await startS3Server();
  const storage = await createS3Storage(server.options);
  return {
    storage,
    async close() {
      await storage.close();
      await server.close();
    },
  };
}

/**
 * Writes a suite once and runs it on the disk storage and on an S3 bucket (s3rver); read `.current`
 * inside tests. `skip` names a storage the suite cannot run on, and why: it is reported skipped.
 */
export function forEachStorage(
  suite: (storage: { readonly current: FileStorage }, kind: StorageKind) => void,
  options: { readonly skip?: Partial<Record<StorageKind, string>> } = {},
): void {
  for (const kind of ['disk', 's3'] as const) {
    const skipped = options.skip?.[kind];
    const title = kind === 'disk' ? 'on disk' : 'on S3';
    (skipped ? describe.skip : describe)(skipped ? `${title} (skipped: ${skipped})` : title, () => {
      let opened: Awaited<ReturnType<typeof openStorage>> | undefined;
      beforeAll(async () => {
        opened = await openStorage(kind);
      });
      afterAll(async () => {
        await opened?.close();
      });
      suite(
        {
          get current() {
            if (!opened) throw new Error('the storage is not open yet (use it inside a test or hook)');
            return opened.storage;
          },
        },
        kind,
      );
    });
  }
}

/** useGatepost's options for a server storing on the suite's storage (read when the server starts). */
export function onStorage(
  storage: { readonly current: FileStorage },
  options: Omit<StartOptions, 'database' | 'storage'> = {},
): Omit<StartOptions, 'database'> {
  return {
    ...options,
    get storage() {
      return storage.current;
    },
  };
}
