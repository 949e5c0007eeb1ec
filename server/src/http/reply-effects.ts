import type {} from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from '../auth/credentials';
import type { Outcome } from '../pipeline/index';

const REPLAYED_HEADER = 'idempotent-replayed';

/**
 * How the outcomes of one request's calls reach its HTTP response besides their bodies: the
 * session cookie a handler set or cleared — HttpOnly (scripts cannot read it), SameSite=Lax (not
 * sent on cross-site POSTs), Secure under TLS, expiring with the session — Retry-After for a
 * refusal that says when to try again (RFC 9110 §10.2.3), and `Idempotent-Replayed: true` when
 * the response was answered from stored results only: every call it carries was replayed and
 * nothing ran again. One fresh call in a batch withholds it. Made once per request, into its scope.
 */
export function replyEffectsFor(reply: FastifyReply): (outcome: Outcome<unknown>) => void {
  /** Whether some call of this request ran (was not answered from a stored result). */
  let ranSomething = false;

  function markReplay(replayed: boolean): void {
    if (!replayed) {
      ranSomething = true;
      // Only a batch that replayed an earlier call has the header to take back.
      if (reply.hasHeader(REPLAYED_HEADER)) reply.removeHeader(REPLAYED_HEADER);
    } else if (!ranSomething) {
      reply.header(REPLAYED_HEADER, 'true');
    }
  }

  return function applyOutcome(outcome) {
    markReplay(outcome.replayed === true);
    if (!outcome.ok) {
      if (outcome.error.retryAfterSeconds !== undefined) reply.header('retry-after', String(outcome.error.retryAfterSeconds));
      return;
    }
    const cookie = outcome.effects?.sessionCookie;
    if (!cookie) return;
    const options = { httpOnly: true, sameSite: 'lax', path: '/', secure: reply.request.protocol === 'https' } as const;
    if (cookie === 'clear') reply.clearCookie(SESSION_COOKIE, options);
    else reply.setCookie(SESSION_COOKIE, cookie.token, { ...options, expires: cookie.expiresAt });
  };
}
