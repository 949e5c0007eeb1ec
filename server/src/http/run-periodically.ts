import type { FastifyInstance } from 'fastify';

/**
 * Runs `job` every `intervalMs` while the app runs (the timer never keeps the process alive), and
 * waits for a pass under way when the app closes. A failed pass is logged as `failure` and the
 * next one runs as planned: these jobs are housekeeping every process may do, and doing one twice
 * is harmless.
 */
export function runPeriodically(app: FastifyInstance, intervalMs: number, job: () => Promise<unknown>, failure: string): void {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = job().catch((error: unknown) => app.log.warn({ err: error }, failure));
  }, intervalMs);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
