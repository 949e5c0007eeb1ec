import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';

/** The shared Redis for rate-limit counters, closed with the app. */
export function openRedis(url: string, app: FastifyInstance): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
  redis.on('error', (error) => app.log.warn({ err: error }, 'redis error'));
  app.addHook('onClose', async function closeRedis() {
    await redis.quit();
  });
  return redis;
}
