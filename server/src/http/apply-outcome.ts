import type {} from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import type { Outcome } from '../pipeline/index';
import { SESSION_COOKIE } from './credentials';

/**
 * What a call's outcome asks of the HTTP response besides its body: the session cookie a
 * handler set or cleared — HttpOnly (scripts cannot read it), SameSite=Lax (not sent on
 * cross-site POSTs), Secure under TLS, expiring with the session — and Retry-After for a
 * refusal that says when to try again (RFC 9110 §10.2.3).
 */
export function applyOutcomeToReply(reply: FastifyReply, outcome: Outcome<unknown>): void {
  if (!outcome.ok) {
    if (outcome.error.retryAfterSeconds !== undefined) reply.header('retry-after', String(outcome.error.retryAfterSeconds));
    return;
  }
  const cookie = outcome.effects?.sessionCookie;
  if (!cookie) return;
  const options = { httpOnly: true, sameSite: 'lax', path: '/', secure: reply.request.protocol === 'https' } as const;
  if (cookie === 'clear') reply.clearCookie(SESSION_COOKIE, options);
  else reply.setCookie(SESSION_COOKIE, cookie.token, { ...options, expires: cookie.expiresAt });
}
