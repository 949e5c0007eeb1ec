import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** An opaque bearer secret: 32 random bytes, base64url. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export const API_KEY_PREFIX = 'gp_';

/** `gp_` + 32 random bytes: the prefix tells a leaked key apart from a session token in a scanner's eyes. */
export function newApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Only this is stored: a database leak does not leak usable tokens. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of a presented secret with a known one, by their digests (equal lengths). */
export function sameSecret(presented: string, expectedDigest: Buffer): boolean {
  return timingSafeEqual(createHash('sha256').update(presented).digest(), expectedDigest);
}
