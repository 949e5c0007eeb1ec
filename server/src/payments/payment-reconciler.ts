import { reconcilePayments, type ReconcileOptions } from './reconcile-payments';

export interface PaymentReconcilerOptions extends ReconcileOptions {
  /** Pause between the end of one pass and the start of the next (PAYMENT_RECONCILE_INTERVAL_MS). */
  readonly intervalMs: number;
}

export interface PaymentReconciler {
  /** No new pass starts; resolves once the running one (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * Runs reconcilePayments in the background: once at start, so what a crash left is finished as
 * soon as the process is back, then every `intervalMs` after the previous pass ended (passes never
 * overlap, however slow the provider is). Every process runs one; their passes share the work.
 */
export function startPaymentReconciler(options: PaymentReconcilerOptions): PaymentReconciler {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  function pass(): void {
    running = reconcilePayments(options).then(
      (report) => {
        if (report.captured + report.refused + report.voided > 0) options.log.info(report, 'payments reconciled');
      },
      (error: unknown) => options.log.warn({ err: error }, 'reconciling payments failed'),
    );
    void running.then(() => {
      if (stopped) return;
      timer = setTimeout(pass, options.intervalMs);
      // A waiting timer must not keep a stopping process alive.
      timer.unref();
    });
  }

  pass();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
