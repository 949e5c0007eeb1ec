import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The demo app's page loads only its own bundled script and stylesheet (Vite emits no inline
 * script), and talks only to this origin: `'self'` everywhere, no `'unsafe-inline'`. The icon
 * is an inline SVG, hence `data:` images.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * Paths the server answers itself (the API, the HTML forms): a browser navigating to an unknown
 * one gets the catalog's 404, not the app (which would hide a typo in an endpoint behind a page that loads).
 */
const API_PREFIXES = ['/trpc', '/graphql', '/api', '/openapi.json', '/docs', '/forms', '/healthz', '/readyz', '/schema.graphql', '/assets'];

export interface WebAppOptions {
  /** The built app (Vite's output: index.html and assets/); absent or unbuilt means API only. */
  readonly dir: string | undefined;
  /** What `GET /` answers to a client that does not ask for HTML (curl, scripts), and to everyone when there is no app. */
  readonly apiIndex: Readonly<Record<string, string>>;
}

/** Whether `dir` holds a built app (Vite's index.html); main.ts says so at start-up. */
export function hasBuiltApp(dir: string | undefined): dir is string {
  return dir !== undefined && existsSync(join(resolve(dir), 'index.html'));
}

/** A browser navigation asks for HTML first; `fetch`, curl and API clients do not. */
function wantsHtml(request: FastifyRequest): boolean {
  return request.headers.accept?.includes('text/html') ?? false;
}

/** A client-side route of the app: not under the API, and not a file (a missing file is a 404). */
function isAppRoute(path: string): boolean {
  const isApi = API_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  return !isApi && !/\.[^/]*$/.test(path);
}

/**
 * Serves the demo app built by `npm run build` at `/` with @fastify/static: hashed assets
 * cached for a year, `index.html` revalidated every time (so a rebuild shows at once) with
 * its own CSP in place of the API's `default-src 'none'`, and the app's client-side routes
 * (`/shop`, …) answered with the same page. Without a built app, `/` keeps the API index.
 */
export async function registerWebApp(app: FastifyInstance, options: WebAppOptions): Promise<void> {
  if (!hasBuiltApp(options.dir)) {
    if (options.dir) app.log.info({ dir: resolve(options.dir) }, 'no built web app here: serving the API only (run `npm run build`)');
    app.get('/', async function apiIndex() {
      return options.apiIndex;
    });
    return;
  }
  const dir = resolve(options.dir);

  await app.register(fastifyStatic, {
    root: join(dir, 'assets'),
    prefix: '/assets/',
    index: false,
    // Vite puts a content hash in every asset's name: a changed file is a new URL.
    maxAge: '365d',
    immutable: true,
  });

  function sendPage(reply: FastifyReply): FastifyReply {
    return reply.header('content-security-policy', WEB_APP_CSP).header('cache-control', 'no-cache').sendFile('index.html', dir, {
      cacheControl: false,
    });
  }

  app.get('/', async function appOrApiIndex(request, reply) {
    return wantsHtml(request) ? sendPage(reply) : options.apiIndex;
  });
  app.get('/*', async function appRoute(request, reply) {
    const path = request.url.split('?')[0] ?? '/';
    return wantsHtml(request) && isAppRoute(path) ? sendPage(reply) : reply.callNotFound();
  });
}
