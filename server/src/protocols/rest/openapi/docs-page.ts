import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

/** Where the API reference page lives; `/docs` redirects to `/docs/`, whose relative script URL needs the slash. */
export const DOCS_PATH = '/docs';

/** Headers of the reference's own answers that describe its connection, not the answer. */
const CONNECTION_HEADERS = new Set(['connection', 'content-length', 'date', 'keep-alive', 'transfer-encoding']);

/**
 * The reference page (Scalar, @scalar/fastify-api-reference) reading the document at `documentUrl`.
 * Everything it loads comes from this server: the plugin serves Scalar's bundle itself
 * (`/docs/js/scalar.js`), and the page is told to fetch no web fonts, send no telemetry and offer
 * none of Scalar's hosted services, so it works with no network beyond this origin.
 *
 * Loaded on first use, as GraphiQL is: the plugin module carries Scalar's 4 MB browser bundle as a
 * string and imports an OpenAPI parser, about 13 MB of an idle server's memory
 * (`npm run bench:startup`) for a page most processes never serve. Its routes live in a Fastify
 * instance of their own, built on the first request under /docs, which each such request is
 * handed to (`inject`, no socket).
 */
export async function registerDocsPage(app: FastifyInstance, documentUrl: string): Promise<void> {
  let reference: Promise<FastifyInstance> | undefined;
  // A context of its own, so the hook below sets the page's CSP on the page's routes only.
  await app.register(async function docsPage(scope) {
    scope.addHook('onSend', async function setDocsPagePolicy(_request, reply, payload) {
      if (typeof payload === 'string' && String(reply.getHeader('content-type')).startsWith('text/html')) {
        reply.header('content-security-policy', docsPagePolicy(payload));
      }
      return payload;
    });
    async function answerFromReference(request: FastifyRequest, reply: FastifyReply) {
      reference ??= startReference(documentUrl);
      const answer = await (await reference).inject({ method: request.method === 'HEAD' ? 'HEAD' : 'GET', url: request.url });
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !CONNECTION_HEADERS.has(name)) reply.header(name, value);
      }
      const isText = /^(text\/|application\/(javascript|json))/.test(String(answer.headers['content-type'] ?? ''));
      return reply.status(answer.statusCode).send(isText ? answer.body : answer.rawPayload);
    }
    scope.get(DOCS_PATH, answerFromReference);
    scope.get(`${DOCS_PATH}/*`, answerFromReference);
  });
}

async function startReference(documentUrl: string): Promise<FastifyInstance> {
  const { default: scalarApiReference } = await import('@scalar/fastify-api-reference');
  const reference = Fastify({ logger: false });
  await reference.register(scalarApiReference, {
    routePrefix: DOCS_PATH,
    configuration: {
      url: documentUrl,
      pageTitle: 'gatepost API reference',
      withDefaultFonts: false,
      telemetry: false,
      // "Ask AI", "Generate MCP" and "Open API Client" are services on Scalar's own servers (the last
      // hands them this document's URL); the page offers only what this server answers.
      agent: { disabled: true },
      mcp: { disabled: true },
      hideClientButton: true,
    },
  });
  await reference.ready();
  return reference;
}

/**
 * The page's own Content-Security-Policy, in place of the API's `default-src 'none'`. Its scripts are
 * Scalar's bundle (`'self'`) and the one inline script that starts it, allowed by its hash (CSP3
 * §8.3) rather than by `'unsafe-inline'`: an injected script would not match. Styles need
 * `'unsafe-inline'`: the bundle injects its stylesheet and Vue sets `style` attributes. The page
 * fetches the document and sends "Test Request" calls to this origin only; it loads no fonts,
 * images or workers (the browser test fails on any refusal, the client's requests included).
 */
export function docsPagePolicy(html: string): string {
  const hashes = inlineScripts(html).map((script) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`);
  return [
    "default-src 'none'",
    `script-src 'self' ${hashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The text of each `<script>` without a `src`: what a hash in `script-src` must match, byte for byte. */
function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter(([, attributes = '']) => !/\bsrc\s*=/i.test(attributes))
    .map(([, , text = '']) => text);
}
