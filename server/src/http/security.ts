import cors from '@fastify/cors';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { AppConfig } from '../config';

/** Headers a browser client may send cross-site, and those it may read back. */
const ALLOWED_REQUEST_HEADERS = ['content-type', 'authorization', 'x-request-id', 'gatepost-atomic', 'idempotency-key', 'trpc-accept'];
// `location`: where a REST 201 put what it created.
const EXPOSED_RESPONSE_HEADERS = ['x-request-id', 'retry-after', 'idempotent-replayed', 'location'];

/**
 * GraphiQL is one HTML page with inline script and style (bundled, no CDN): that page alone
 * (not the JSON answers of the same route) relaxes the API's `default-src 'none'` to what it
 * needs, and nothing more.
 */
export const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * The headers helmet would set, computed once. helmet decides the policy; @fastify/helmet
 * would rebuild it on every request (its parseDirectives showed in CPU profiles of an echo call),
 * and a JSON API's headers never vary per request.
 */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => {});
  return headers;
}

/** helmet's security headers on every response, set once the request arrives so every refusal carries them too. */
export function setSecurityHeaders(app: FastifyInstance, config: AppConfig): void {
  const securityHeaders = helmetHeaders({
    // JSON answers need no scripts, styles or frames: the strictest policy, without helmet's looser defaults.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
    hsts: config.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // Headers that protect nothing in a JSON API's answers (legacy IE, DNS prefetch, Flash, a
    // disabled XSS auditor): each is CPU and bytes on every response, measured in the bench.
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
    originAgentCluster: false,
    crossOriginOpenerPolicy: false,
  });
  app.addHook('onRequest', function setSecurityHeaders(_request, reply, done) {
    reply.headers(securityHeaders);
    done();
  });
}

/**
 * CORS (@fastify/cors) for every route. It grants only the configured origins — by default none,
 * so only same-origin pages can read answers — and credentials only to those origins (never `*`
 * with credentials, which browsers refuse and yoga's default would otherwise echo).
 */
export async function registerCors(app: FastifyInstance, config: AppConfig): Promise<void> {
  const allowed = new Set(config.corsOrigins);
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'POST'],
    allowedHeaders: ALLOWED_REQUEST_HEADERS,
    exposedHeaders: EXPOSED_RESPONSE_HEADERS,
    maxAge: 600,
  });
  // tRPC and yoga set their own `Vary`, replacing the `Vary: Origin` CORS added; a cache would then
  // serve one origin's grant to another. Put it back wherever a grant was made.
  // tRPC's own adapter answers with a Fetch Response whose headers Fastify copies after this hook.
  app.addHook('onSend', function keepVaryOrigin(_request, reply, payload, done) {
    if (reply.hasHeader('access-control-allow-origin')) {
      if (payload instanceof Response) payload.headers.set('vary', withOrigin(payload.headers.get('vary') ?? ''));
      reply.header('vary', withOrigin(String(reply.getHeader('vary') ?? '')));
    }
    done(null, payload);
  });
}

function withOrigin(vary: string): string {
  if (/(^|,)\s*origin\s*(,|$)/i.test(vary)) return vary;
  return vary ? `${vary}, Origin` : 'Origin';
}
