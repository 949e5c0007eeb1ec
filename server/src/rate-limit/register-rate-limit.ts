import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import { refusal } from '@gatepost/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { ReadCredentials } from '../auth/credentials';

/**
 * Every request counts against its client's budget per minute: the principal's when it
 * presents credentials (so users behind one address do not share a budget), else its
 * address. Counters live in Redis when configured, so several processes share them.
 * Health checks are exempt: a load balancer must always see the truth.
 */
export async function registerRateLimit(
  app: FastifyInstance,
  options: { perMinute: number; redis: Redis | undefined; readCredentials: ReadCredentials },
): Promise<void> {
  if (options.perMinute <= 0) return;
  const keyOf = (request: FastifyRequest): string => {
    const { bearer, sessionCookie } = options.readCredentials(request);
    const secret = bearer ?? sessionCookie;
    return secret ? `principal:${createHash('sha256').update(secret).digest('hex')}` : `ip:${request.ip}`;
  };
  await app.register(rateLimit, {
    max: options.perMinute,
    timeWindow: 60_000,
    keyGenerator: keyOf,
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
