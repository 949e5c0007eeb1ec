import { createHash } from 'node:crypto';
import scalarApiReference from '@scalar/fastify-api-reference';
import type { FastifyInstance } from 'fastify';

/** Where the API reference page lives; `/docs` redirects to `/docs/`, whose relative script URL needs the slash. */
export const DOCS_PATH = '/docs';

/**
 * The reference page (Scalar, @scalar/fastify-api-reference) reading the document at `documentUrl`.
 * Everything it loads comes from this server: the plugin serves Scalar's bundle itself
 * (`/docs/js/scalar.js`), and the page is told to fetch no web fonts, send no telemetry and offer
 * none of Scalar's hosted services, so it works with no network beyond this origin.
 */
export async function registerDocsPage(app: FastifyInstance, documentUrl: string): Promise<void> {
  // A context of its own, so the hook below sets the page's CSP on the page's routes only.
  await app.register(async function docsPage(scope) {
    scope.addHook('onSend', async function setDocsPagePolicy(_request, reply, payload) {
      if (typeof payload === 'string' && String(reply.getHeader('content-type')).startsWith('text/html')) {
        reply.header('content-security-policy', docsPagePolicy(payload));
      }
      return payload;
    });
    await scope.register(scalarApiReference, {
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
  });
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
