// The bytes every upload scenario sends, made while they are sent: eight 1 MiB blocks of random
// bytes drawn once per run and repeated, so a stream holds one block at a time however large the
// file, and gatepost, the raw disk copy and yoga all receive the very same bytes.
import { createHash, randomBytes } from 'node:crypto';

export const MIB = 1024 * 1024;

const BLOCKS: readonly Buffer[] = Array.from({ length: 8 }, () => randomBytes(MIB));

/** `sizeBytes` of the run's bytes, in chunks of `chunkBytes` (a divisor of 1 MiB; views of the blocks, never copies). */
export function* fileBytes(sizeBytes: number, chunkBytes = MIB): Generator<Buffer> {
  if (chunkBytes <= 0 || MIB % chunkBytes !== 0) throw new RangeError(`chunkBytes must divide 1 MiB, got ${chunkBytes}`);
  for (let sent = 0; sent < sizeBytes; sent += chunkBytes) {
    const block = BLOCKS[Math.floor(sent / MIB) % BLOCKS.length] as Buffer;
    const start = sent % MIB;
    const length = Math.min(chunkBytes, sizeBytes - sent);
    yield length === MIB ? block : block.subarray(start, start + length);
  }
}

const digests = new Map<number, string>();

/**
 * The SHA-256 gatepost should report for a file of `sizeBytes`, computed before any timed run
 * (hashing 1 GiB takes seconds of the CPU the server under test would otherwise have).
 */
export function sha256Of(sizeBytes: number): string {
  let digest = digests.get(sizeBytes);
  if (digest === undefined) {
    const hash = createHash('sha256');
    for (const chunk of fileBytes(sizeBytes)) hash.update(chunk);
    digest = hash.digest('hex');
    digests.set(sizeBytes, digest);
  }
  return digest;
}
