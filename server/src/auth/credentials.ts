/**
 * What a request presents to say who it is, read by the HTTP layer once per request and
 * shared by every call of a batch (so the principal is looked up once).
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
