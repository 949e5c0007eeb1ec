import type { FastifyRequest } from 'fastify';

export type IsCrossSite = (request: FastifyRequest) => boolean;

/**
 * Whether a request comes from a page of another site (OWASP's "verifying origin with standard
 * headers"): judged by `Origin` — this server's own origin and the allowed ones are not cross-site
 * — then by `Sec-Fetch-Site`, which browsers send where they leave Origin out. A request with
 * neither header does not come from a browser, so no page can have forged it.
 */
export function createCrossSiteCheck(allowedOrigins: readonly string[]): IsCrossSite {
  const allowed = new Set(allowedOrigins);
  return function isCrossSite(request) {
    const origin = request.headers.origin;
    if (origin !== undefined) return origin !== `${request.protocol}://${request.host}` && !allowed.has(origin);
    const site = request.headers['sec-fetch-site'];
    return site !== undefined && site !== 'same-origin' && site !== 'none';
  };
}
