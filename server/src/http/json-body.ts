import { refusal } from '@gatepost/shared';
import type { FastifyInstance } from 'fastify';
import { nestsDeeperThan } from './nesting-depth';

/**
 * Every JSON body gatepost reads is parsed here — the fast paths, tRPC's adapter and yoga all
 * receive the body Fastify parsed — so this is the one place its depth is bounded. Fastify's own
 * parser (the body limit, prototype-poisoning protection) still parses it, once the depth is known
 * to be within MAX_NESTING_DEPTH: deeper JSON is refused with 400 before anything parses it, and
 * before tRPC's and yoga's adapters hand it to `JSON.stringify`, whose recursion a body 10,000
 * levels deep overflows.
 */
export function registerJsonBodyParser(app: FastifyInstance, options: { readonly maxNestingDepth: number }): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, function parseBoundedJson(request, body, done) {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (nestsDeeperThan(text, options.maxNestingDepth)) return done(refusal('BODY_TOO_DEEP', [options.maxNestingDepth]), undefined);
    return parseJson(request, text, done);
  });
}
