import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, opendir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { FileStore } from '@tus/file-store';
import { assertByteRange, assertStorageKey, isStorageKey, type FileStorage, type ResumableStore, type StoredObject } from './storage';

/** Writes in progress, inside the storage's folder so the final `rename` stays on one file system (and so is atomic). */
const PARTIAL_FOLDER = '.partial';
/** Resumable (tus) uploads while they arrive, with their `.json` records; finished ones are renamed out of it. */
const RESUMABLE_FOLDER = '.tus';

/** Files in one folder, `<dir>/<key>`, each written whole or not at all. */
export function createDiskStorage(dir: string): FileStorage {
  const root = resolve(dir);
  const partialDir = join(root, PARTIAL_FOLDER);
  const pathOf = (key: string): string => {
    assertStorageKey(key);
    return join(root, key);
  };

  let resumable: ResumableStore | undefined;
  return {
    description: `disk at ${root}`,

    resumable() {
      const folder = join(root, RESUMABLE_FOLDER);
      resumable ??= {
        // A day to resume an upload; older unfinished ones are removed (deleteExpired, run by the sweeper).
        datastore: new FileStore({ directory: folder, expirationPeriodInMilliseconds: 24 * 3600_000 }),
        async promote(id) {
          await rename(join(folder, id), pathOf(id));
          await rm(join(folder, `${id}.json`), { force: true });
        },
      };
      return resumable;
    },

    // The media type is the file row's to keep; a file on disk has nowhere to put it.
    async write(key, body, options) {
      const target = pathOf(key);
      await mkdir(partialDir, { recursive: true });
      const partial = join(partialDir, `${key}.${randomUUID()}`);
      try {
        // `flush` fsyncs before close, so the rename never publishes a file whose bytes a crash could still lose.
        await pipeline(body, createWriteStream(partial, { flags: 'wx', flush: true }), { signal: options?.signal });
        await rename(partial, target);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
    },

    async read(key, range) {
      const path = pathOf(key);
      assertByteRange(range);
      // Opening first makes a missing file reject here, with ENOENT, rather than fail the stream later.
      const handle = await open(path, 'r');
      return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
    },

    async remove(key) {
      await rm(pathOf(key), { force: true });
    },

    list: () => listFiles(root),

    async close() {},
  };
}

async function* listFiles(root: string): AsyncGenerator<StoredObject> {
  let folder;
  try {
    folder = await opendir(root);
  } catch (error) {
    if (isNotFound(error)) return; // nothing written yet
    throw error;
  }
  for await (const entry of folder) {
    if (!entry.isFile() || !isStorageKey(entry.name)) continue;
    try {
      const stats = await stat(join(root, entry.name));
      yield { key: entry.name, sizeBytes: stats.size, lastModified: stats.mtime };
    } catch (error) {
      // Removed between the folder listing and the stat: it is not stored any more.
      if (!isNotFound(error)) throw error;
    }
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
