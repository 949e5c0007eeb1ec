import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keyLength: number, options: ScryptOptions) => Promise<Buffer>;

/** scrypt's block size and parallelism (OWASP: r=8, p=1), a 16-byte salt per password, a 32-byte key. */
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const MAX_MEMORY = 64 * 1024 * 1024;
const KEY_LENGTH = 32;

/**
 * `scrypt$N$r$p$salt$hash` (base64url): the parameters travel with the hash, so the cost (log2 N,
 * the PASSWORD_HASH_COST setting, OWASP's minimum 15 by default) can be raised later.
 */
export async function hashPassword(password: string, cost: number): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** cost;
  const hash = await scrypt(password, salt, KEY_LENGTH, { N, r: BLOCK_SIZE, p: PARALLELISM, maxmem: MAX_MEMORY });
  return ['scrypt', N, BLOCK_SIZE, PARALLELISM, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Compares in constant time. A malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAX_MEMORY,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const unknownUserHashes = new Map<number, Promise<string>>();

/**
 * A hash of nothing anyone knows, at the cost new passwords get, checked when the email is
 * unknown so that a login for an unknown email costs the same scrypt work as a wrong password:
 * no user enumeration by timing. Made on the first login, not at start-up (a scrypt run every
 * process and test file would pay), once per cost.
 */
export function hashOfNoPassword(cost: number): Promise<string> {
  let hash = unknownUserHashes.get(cost);
  if (!hash) {
    hash = hashPassword(randomBytes(32).toString('base64url'), cost);
    unknownUserHashes.set(cost, hash);
  }
  return hash;
}
