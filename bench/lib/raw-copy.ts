// The baseline: the same bytes written to the same disk with nothing in between. Each stream is
// `pipeline`d from the same generator into its own file, opened with `flush: true` — gatepost's
// disk storage fsyncs each upload before publishing it, so the baseline pays for durability too.
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileBytes } from './upload-body';

/**
 * Writes `streams` files of `sizeBytes` at once into `dir` and returns the wall time in ms; the
 * files stay (see copyFileMs). `chunkBytes` is the size of each write: 1 MiB as generated, or 64 KiB,
 * the size a socket read hands an HTTP server's body (so the size of each of gatepost's writes).
 */
export async function rawWriteMs(dir: string, sizeBytes: number, streams: number, chunkBytes?: number): Promise<number> {
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: streams }, (_, index) =>
      pipeline(Readable.from(fileBytes(sizeBytes, chunkBytes)), createWriteStream(rawFilePath(dir, index), { flush: true })),
    ),
  );
  return performance.now() - started;
}

/** fs.copyFile of rawWriteMs's first file, then an fsync of the copy (so it, too, has reached the disk), in ms. */
export async function copyFileMs(dir: string): Promise<number> {
  const target = join(dir, 'copy.bin');
  const started = performance.now();
  await copyFile(rawFilePath(dir, 0), target);
  const handle = await open(target, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  const ms = performance.now() - started;
  await rm(target, { force: true });
  return ms;
}

export function rawFilePath(dir: string, index: number): string {
  return join(dir, `raw-${index}.bin`);
}
