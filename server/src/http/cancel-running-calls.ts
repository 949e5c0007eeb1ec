import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Stops every call still running (a graceful stop's drain deadline): each transaction gets
     * PostgreSQL's cancel, rolls back and answers 503, as at its own request deadline.
     */
    cancelRunningCalls(): void;
  }
}

/** The signal every request's Cancellation listens to, fired by `app.cancelRunningCalls()`. */
export function shutdownSignalOf(app: FastifyInstance): AbortSignal {
  const shutdown = new AbortController();
  app.decorate('cancelRunningCalls', function cancelRunningCalls() {
    shutdown.abort();
  });
  return shutdown.signal;
}
