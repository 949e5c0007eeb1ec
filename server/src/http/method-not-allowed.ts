import { refusal } from '@gatepost/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';

/** The methods a path may be refused; OPTIONS is left to CORS preflight (@fastify/cors). */
const METHODS: readonly HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * RFC 9110 §15.5.6: a method the target resource does not support is answered 405, with an
 * `Allow` header listing the ones it does — not 404, which says there is nothing there at all.
 * Refused as the request arrives (`onRequest`), before its body is read or its credentials are
 * looked up; the error handler shapes the body for the path's protocol.
 */
export function refuseOtherMethods(app: FastifyInstance, url: string, allowed: readonly HTTPMethods[]): void {
  const allow = allowed.join(', ');
  async function methodNotAllowed(request: FastifyRequest, reply: FastifyReply): Promise<never> {
    reply.header('allow', allow);
    throw refusal('METHOD_NOT_ALLOWED', [request.method, request.url.split('?')[0] ?? url, allow]);
  }
  // The route needs a handler; onRequest has always answered by the time it would run.
  // A served GET brings Fastify's HEAD route with it: HEAD is served then, whether listed or not.
  const served = allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed;
  const others = METHODS.filter((method) => !served.includes(method));
  app.route({ method: others, url, exposeHeadRoute: false, onRequest: methodNotAllowed, handler: methodNotAllowed });
}
