import { openDatabase } from '@gatepost/db';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app';
import type { AppConfig } from './config';
import { stopWithin } from './http/stop-within';
import { startPaymentReconciler } from './payments/payment-reconciler';
import type { PaymentProvider } from './payments/provider';
import { createSimulatedPaymentProvider } from './payments/simulated-provider';

export interface RunningServer {
  readonly app: FastifyInstance;
  /** The base URL it listens on, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** Where the data lives, for the banner: the external server, or the embedded one's folder and log. */
  readonly databaseDescription: string;
  /**
   * Stops taking requests, lets in-flight ones finish — within SHUTDOWN_TIMEOUT_MS: those still
   * running near it are rolled back and answered 503 — lets the payment reconciler finish its
   * pass, then closes the database (and stops an embedded one).
   */
  stop(): Promise<void>;
}

export interface StartServerOptions {
  /** The embedded PostgreSQL died and could not be restarted: the process cannot serve any more. */
  readonly onDatabaseLost: (error: Error) => void;
  /** Where orders are paid. @default the built-in simulated provider */
  readonly payments?: PaymentProvider;
}

/**
 * Opens the database (starting the embedded one without DATABASE_URL), applies migrations, builds
 * the app, listens, and starts the payment reconciler (see reconcile-payments.ts). The reconciler
 * lives here, beside the process, not in buildApp: it is a job of a running gatepost, and the app
 * is also built in-process by tests and embedders that run no background work.
 */
export async function startServer(config: AppConfig, logger: Logger, options: StartServerOptions): Promise<RunningServer> {
  const database = await openDatabase({
    url: config.databaseUrl,
    poolSize: config.databasePoolSize,
    timeouts: config.databaseTimeouts,
    embedded: {
      dataDir: config.dataDir,
      port: config.embeddedPostgresPort,
      onRestart: (message) => logger.warn(message),
      onGiveUp: options.onDatabaseLost,
    },
  });
  try {
    await database.migrate();
    const payments = options.payments ?? createSimulatedPaymentProvider();
    const app = await buildApp({ database, config, logger, payments });
    await app.listen({ port: config.port, host: config.host });
    const reconciler = startPaymentReconciler({
      db: database.db,
      payments,
      log: logger.child({ job: 'payment-reconciler' }),
      intervalMs: config.paymentReconcileIntervalMs,
      voidAfterSeconds: config.paymentVoidAfterSeconds,
    });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const { embedded } = database;
    return {
      app,
      url: `${config.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
      databaseDescription: embedded
        ? `embedded PostgreSQL ${embedded.majorVersion} on 127.0.0.1:${embedded.port}, data in ${embedded.dataDir}, log in ${embedded.logFile}`
        : 'PostgreSQL at DATABASE_URL',
      stop: () => stopWithin(app, database, config.shutdownTimeoutMs, logger, () => reconciler.stop()),
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
