import { createCipheriv, createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { createDiskStorage } from '../../server/src/files/disk-storage';
import type { FileStorage, StoredObject } from '../../server/src/files/storage';
import { forEachStorage } from '../helpers/storages';

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;

/** Something to do once, before the chunk that crosses byte `at` (to fail or abort a body half-way). */
interface AtByte {
  readonly at: number;
  run(): void;
}

/**
 * The same pseudo-random bytes every time (AES-CTR over zeros), a chunk at a time, so a body of
 * any size is produced, and its hash computed, without ever being held whole.
 */
function* pseudoRandomChunks(size: number, atByte?: AtByte): Generator<Buffer> {
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16, 0));
  let pending = atByte;
  for (let sent = 0; sent < size; sent += CHUNK) {
    if (pending && sent + CHUNK > pending.at) {
      const { run } = pending;
      pending = undefined;
      run();
    }
    yield cipher.update(Buffer.alloc(Math.min(CHUNK, size - sent)));
  }
}

const bodyOf = (size: number, atByte?: AtByte): Readable => Readable.from(pseudoRandomChunks(size, atByte));

async function sha256(chunks: Iterable<Buffer> | AsyncIterable<Buffer>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
}

async function listAll(storage: FileStorage): Promise<StoredObject[]> {
  const objects: StoredObject[] = [];
  for await (const object of storage.list()) objects.push(object);
  return objects;
}

async function expectNothingAt(storage: FileStorage, key: string): Promise<void> {
  expect((await listAll(storage)).map((object) => object.key)).not.toContain(key);
  await expect(storage.read(key)).rejects.toMatchObject({ code: 'ENOENT' });
}

forEachStorage((storage) => {
  it('stores a streamed object and reads it back byte for byte', async () => {
    // 12 MiB crosses the S3 storage's 5 MiB part size twice: three parts, the last one short.
    const key = randomUUID();
    await storage.current.write(key, bodyOf(12 * MiB), { mediaType: 'application/octet-stream' });
    expect(await sha256(await storage.current.read(key))).toBe(await sha256(pseudoRandomChunks(12 * MiB)));
  });

  it('reads an inclusive byte range', async () => {
    const key = randomUUID();
    await storage.current.write(key, bodyOf(MiB));
    const whole = Buffer.concat([...pseudoRandomChunks(MiB)]);
    const range = await buffer(await storage.current.read(key, { start: 1000, end: 199_999 }));
    expect(range.length).toBe(199_000);
    expect(range.equals(whole.subarray(1000, 200_000))).toBe(true);
  });

  it('reads a range that ends on the last byte', async () => {
    const key = randomUUID();
    await storage.current.write(key, bodyOf(100_000));
    const whole = Buffer.concat([...pseudoRandomChunks(100_000)]);
    const range = await buffer(await storage.current.read(key, { start: 99_990, end: 99_999 }));
    expect(range.equals(whole.subarray(99_990))).toBe(true);
  });

  it('rejects a read of a missing key with code ENOENT', async () => {
    await expect(storage.current.read(randomUUID())).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('removes a stored object', async () => {
    const key = randomUUID();
    await storage.current.write(key, bodyOf(1000));
    await storage.current.remove(key);
    await expectNothingAt(storage.current, key);
  });

  it('treats removing a missing key as no error', async () => {
    await expect(storage.current.remove(randomUUID())).resolves.toBeUndefined();
  });

  it('rejects a write whose body fails half-way, and leaves no object', async () => {
    // Past 8 MiB, so on S3 the multipart upload has begun and a part is up or on its way.
    const key = randomUUID();
    const failure = new Error('the client went away');
    const body = bodyOf(12 * MiB, {
      at: 8 * MiB,
      run: () => {
        throw failure;
      },
    });
    await expect(storage.current.write(key, body)).rejects.toBe(failure);
    await expectNothingAt(storage.current, key);
  });

  it('rejects a write whose signal aborts half-way, and leaves no object', async () => {
    const key = randomUUID();
    const controller = new AbortController();
    // From outside the body, as a closed connection or a timeout would abort it.
    const body = bodyOf(12 * MiB, { at: 8 * MiB, run: () => void setImmediate(() => controller.abort()) });
    await expect(storage.current.write(key, body, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    await expectNothingAt(storage.current, key);
  });

  it('rejects a write whose signal aborted before it began, and leaves no object', async () => {
    const key = randomUUID();
    await expect(storage.current.write(key, bodyOf(1000), { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    await expectNothingAt(storage.current, key);
  });

  it('lists every stored object with its size', async () => {
    const small = randomUUID();
    const large = randomUUID();
    await storage.current.write(small, bodyOf(1234));
    await storage.current.write(large, bodyOf(6 * MiB));
    expect(await listAll(storage.current)).toEqual(
      expect.arrayContaining([
        { key: small, sizeBytes: 1234, lastModified: expect.any(Date) },
        { key: large, sizeBytes: 6 * MiB, lastModified: expect.any(Date) },
      ]),
    );
  });

  it('lists an object with the time it was stored', async () => {
    // S3 keeps whole seconds, so the window opens a second early.
    const key = randomUUID();
    const before = Date.now() - 1000;
    await storage.current.write(key, bodyOf(10));
    const listed = (await listAll(storage.current)).find((object) => object.key === key);
    expect(listed?.lastModified.getTime()).toBeGreaterThanOrEqual(before);
    expect(listed?.lastModified.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('refuses a key that is not a plain file name (a slash, .., a leading dot)', async () => {
    for (const key of ['a/b', '../escape', '..', 'a..b', '.partial', '']) {
      await expect(storage.current.write(key, bodyOf(10)), key).rejects.toThrow(TypeError);
      await expect(storage.current.read(key), key).rejects.toThrow(TypeError);
      await expect(storage.current.remove(key), key).rejects.toThrow(TypeError);
    }
  });
});

describe('on disk, a write in progress', () => {
  it('leaves no partial file behind when it fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gatepost-files-'));
    try {
      const storage = createDiskStorage(dir);
      const body = bodyOf(MiB, {
        at: MiB / 2,
        run: () => {
          throw new Error('the client went away');
        },
      });
      await expect(storage.write(randomUUID(), body)).rejects.toThrow('the client went away');
      expect(await readdir(join(dir, '.partial'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
