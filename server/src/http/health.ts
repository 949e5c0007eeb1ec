import type { DatabaseHandle } from '@gatepost/db';
import type { FastifyInstance } from 'fastify';

const READINESS_TIMEOUT_MS = 2000;
/** The one driver behind every database, embedded or external (postgres.js). */
const DRIVER = 'postgres';

/** `/healthz`: the process answers. `/readyz`: the database answers too (load balancers route on this). */
export function registerHealthRoutes(app: FastifyInstance, database: DatabaseHandle): void {
  app.get('/healthz', async function healthz() {
    return { status: 'ok' };
  });
  app.get('/readyz', async function readyz(request, reply) {
    try {
      await withTimeout(database.ping(), READINESS_TIMEOUT_MS);
      return { status: 'ready', database: DRIVER };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.status(503).header('retry-after', '5').send({ status: 'unavailable', database: DRIVER });
    }
  });
}

function withTimeout<T>(promise: Promise<T>, milliseconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${milliseconds} ms`)), milliseconds);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
