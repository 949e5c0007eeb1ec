import rateLimit from '@fastify/rate-limit';
import { refusal } from '@gatepost/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';

/**
 * Every request counts against its client's budget per minute: the user's when it presents
 * valid credentials — every session and API key of one user shares one budget, so a user with
 * three keys does not get three — else its address. A presented secret is never the key: a
 * client could invent a fresh one per request and never run out (and fill Redis with keys).
 * Counters live in Redis when configured, so several processes share them.
 *
 * It runs on `preParsing`, after registerAuthentication looked the principal up (on API
 * routes; other routes count by address), and before the body is read. Health checks are
 * exempt: a load balancer must always see the truth.
 */
export async function registerRateLimit(app: FastifyInstance, options: { perMinute: number; redis: Redis | undefined }): Promise<void> {
  if (options.perMinute <= 0) return;
  await app.register(rateLimit, {
    hook: 'preParsing',
    max: options.perMinute,
    timeWindow: 60_000,
    keyGenerator: budgetKeyOf,
    ...(options.redis ? { redis: options.redis, nameSpace: 'gatepost:rate:' } : {}),
    allowList: (request) => request.url === '/healthz' || request.url === '/readyz',
    // The budget headers go out with a refusal (429 + Retry-After), not with every answer:
    // `addHeadersOnExceeding` is the plugin's name for answers still under the limit.
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    addHeaders: { 'x-ratelimit-limit': true, 'x-ratelimit-remaining': true, 'x-ratelimit-reset': true, 'retry-after': true },
    errorResponseBuilder: (_request, context) =>
      Object.assign(refusal('TOO_MANY_REQUESTS', [context.max, Math.ceil(context.ttl / 1000)]), {
        statusCode: 429,
      }),
  });
}

/** The user (or the operator) the request authenticated as; its address when anonymous or refused. */
async function budgetKeyOf(request: FastifyRequest): Promise<string> {
  const outcome = await request.principalLookup;
  return outcome?.ok && outcome.principal ? `user:${outcome.principal.id}` : `ip:${request.ip}`;
}
