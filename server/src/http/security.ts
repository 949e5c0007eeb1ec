import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../config';

/** Headers a browser client may send cross-site, and those it may read back. */
const ALLOWED_REQUEST_HEADERS = ['content-type', 'authorization', 'x-request-id', 'gatepost-atomic', 'idempotency-key', 'trpc-accept'];
const EXPOSED_RESPONSE_HEADERS = ['x-request-id', 'retry-after', 'idempotent-replayed'];

/**
 * GraphiQL is one HTML page with inline script and style (bundled, no CDN), so its route
 * relaxes the API's `default-src 'none'` to what that page needs, and nothing more.
 */
export const GRAPHIQL_CSP = {
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", "'unsafe-inline'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    workerSrc: ["'self'", 'blob:'],
    frameAncestors: ["'none'"],
  },
};

/**
 * Security headers (@fastify/helmet) and CORS (@fastify/cors) for every route. CORS grants
 * only the configured origins — by default none, so only same-origin pages can read answers —
 * and credentials only to those origins (never `*` with credentials, which browsers refuse
 * and yoga's default would otherwise echo).
 */
export async function registerSecurity(app: FastifyInstance, config: AppConfig): Promise<void> {
  await app.register(helmet, {
    // JSON answers need no scripts, styles or frames: the strictest policy (route options relax it for GraphiQL).
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    hsts: config.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  const allowed = new Set(config.corsOrigins);
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'POST'],
    allowedHeaders: ALLOWED_REQUEST_HEADERS,
    exposedHeaders: EXPOSED_RESPONSE_HEADERS,
    maxAge: 600,
  });
  // Fastify 5 leaves the headers deadline at Node's 60 s; a slow-headers (slowloris) client gets less.
  app.server.headersTimeout = Math.min(config.headersTimeoutMs, config.requestTimeoutMs);
}
