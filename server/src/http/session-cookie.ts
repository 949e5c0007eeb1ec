import type {} from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import type { ResponseEffects } from '../pipeline/index';
import { SESSION_COOKIE } from './credentials';

/**
 * Turns a handler's effects into Set-Cookie: HttpOnly (scripts cannot read it), SameSite=Lax
 * (not sent on cross-site POSTs), Secure under TLS, expiring with the session.
 */
export function applyResponseEffects(reply: FastifyReply, effects: ResponseEffects | undefined): void {
  const cookie = effects?.sessionCookie;
  if (!cookie) return;
  const options = { httpOnly: true, sameSite: 'lax', path: '/', secure: reply.request.protocol === 'https' } as const;
  if (cookie === 'clear') reply.clearCookie(SESSION_COOKIE, options);
  else reply.setCookie(SESSION_COOKIE, cookie.token, { ...options, expires: cookie.expiresAt });
}
