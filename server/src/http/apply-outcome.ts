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
  markReplay(reply, outcome.replayed === true);
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

const REPLAYED_HEADER = 'idempotent-replayed';

/** Replies that answered at least one call by running it (not from a stored result). */
const ranSomething = new WeakSet<FastifyReply>();

/**
 * `Idempotent-Replayed: true` when the response was answered from stored results only: every
 * call it carries was replayed and nothing ran again. One fresh call in a batch withholds it.
 */
function markReplay(reply: FastifyReply, replayed: boolean): void {
  if (!replayed) {
    ranSomething.add(reply);
    // Only a batch that replayed an earlier call has the header to take back.
    if (reply.hasHeader(REPLAYED_HEADER)) reply.removeHeader(REPLAYED_HEADER);
  } else if (!ranSomething.has(reply)) {
    reply.header(REPLAYED_HEADER, 'true');
  }
}
