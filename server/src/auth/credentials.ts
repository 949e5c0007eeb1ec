import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { createCrossSiteCheck } from './cross-site';

/**
 * What a request presents to say who it is, read once per request into its scope and shared by
 * every call of a batch (so the principal is looked up once).
 */
export interface Credentials {
  /** `Authorization: Bearer <token>`: a session token, a `gp_` API key, or the operator key. */
  readonly bearer?: string;
  /** The session cookie, when no Authorization header was sent. */
  readonly sessionCookie?: string;
  /** The cookie came from a cross-site request that failed the CSRF check; it must not be used. */
  readonly crossSiteCookie?: boolean;
}

export const NO_CREDENTIALS: Credentials = Object.freeze({});

export const SESSION_COOKIE = 'gatepost_session';

export type ReadCredentials = (request: FastifyRequest) => Credentials;

/**
 * Reads a request's credentials: `Authorization: Bearer …`, else the session cookie.
 *
 * CSRF: a browser attaches the cookie to cross-site requests too, so a cookie counts only
 * when the request comes from this site or an allowed origin (createCrossSiteCheck). A
 * cross-site POST with the cookie is refused (403) rather than run anonymously. Bearer tokens are never sent
 * automatically by a browser and skip the check. GET only reads, and the same-origin policy
 * keeps a cross-site page from reading the answer.
 */
export function createCredentialsReader(allowedOrigins: readonly string[]): ReadCredentials {
  const isCrossSite = createCrossSiteCheck(allowedOrigins);
  return function readCredentials(request) {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const bearer = /^Bearer[ \t]+(\S+)\s*$/i.exec(authorization)?.[1];
      // A malformed Authorization header is invalid credentials (401), never anonymous.
      return { bearer: bearer ?? '' };
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return NO_CREDENTIALS;
    return request.method !== 'GET' && isCrossSite(request) ? { sessionCookie: cookie, crossSiteCookie: true } : { sessionCookie: cookie };
  };
}
