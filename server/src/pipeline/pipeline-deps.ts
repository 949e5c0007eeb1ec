import type { Database } from '@gatepost/db';
import type { Logger } from 'pino';
import type { PaymentProvider } from '../payments/provider';
import type { RateCounter } from '../rate-limit/counter';
import type { HandlerRegistry } from './implement';
import type { HandlerSettings } from './types';

/** What the pipeline is built from: the database, the handlers and the settings its steps read. */
export interface PipelineDeps {
  readonly db: Database;
  readonly handlers: HandlerRegistry;
  readonly log: Logger;
  /** Most items a bulk operation may carry (MAX_BULK_ITEMS). */
  readonly maxBulkItems: number;
  /** SHA-256 of ADMIN_API_KEY, when one is configured. */
  readonly operatorKeyDigest: Buffer | undefined;
  readonly settings: HandlerSettings;
  /** Counts attempts of operations marked `rateLimit` in the contract. */
  readonly attempts: { readonly counter: RateCounter; readonly perMinute: number };
  readonly idempotency: {
    /** How long a key's result is kept for replay (IDEMPOTENCY_RETENTION_SECONDS). */
    readonly retentionSeconds: number;
    /** Keys whose call is running in this process right now: a duplicate is refused without a database round trip. */
    readonly running: Set<string>;
  };
  /** Where orders are paid: handlers authorise through it, and the pipeline captures or voids after the transaction. */
  readonly payments: PaymentProvider;
}
