import type { FastifyReply } from 'fastify';
import type { CancelReason, Cancellation } from '../pipeline/cancellation';

/**
 * The request's Cancellation: its deadline counts from now — the route runs once the body has
 * arrived, so a long upload is not cut — and a client that closes the connection before its
 * answer was sent cancels it too, and so does a graceful stop at its drain deadline (`shutdown`). Timers and listeners exist only while a transaction listens.
 */
export function requestCancellation(reply: FastifyReply, deadlineMs: number, shutdown: AbortSignal): Cancellation {
  const deadlineAt = performance.now() + deadlineMs;
  const response = reply.raw;
  const clientGone = () => response.destroyed && !response.writableFinished;
  return {
    deadlineMs,
    reason() {
      if (shutdown.aborted) return 'shutdown';
      if (performance.now() >= deadlineAt) return 'deadline';
      return clientGone() ? 'disconnected' : undefined;
    },
    onCancel(listener: (reason: CancelReason) => void) {
      let called = false;
      const cancel = (reason: CancelReason) => {
        if (called) return;
        called = true;
        listener(reason);
      };
      const timer = setTimeout(() => cancel('deadline'), Math.max(0, deadlineAt - performance.now()));
      const onClose = () => {
        if (!response.writableFinished) cancel('disconnected');
      };
      const onShutdown = () => cancel('shutdown');
      response.once('close', onClose);
      shutdown.addEventListener('abort', onShutdown, { once: true });
      return function stopListening() {
        clearTimeout(timer);
        response.off('close', onClose);
        shutdown.removeEventListener('abort', onShutdown);
      };
    },
  };
}
