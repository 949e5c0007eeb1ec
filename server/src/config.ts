import { isIP } from 'node:net';
import { DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from '@gatepost/db';
import { MAX_BULK_ITEMS } from '@gatepost/shared';
import { z } from 'zod';
import type { S3StorageOptions } from './files/s3-storage';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const booleanFlag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** proxy-addr's (Fastify's) names for address ranges, usable in TRUST_PROXY's list. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address, a CIDR range (`10.0.0.0/8`) or one of proxy-addr's range names. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/**
 * TRUST_PROXY as Fastify's `trustProxy` takes it: `true` (trust every hop), `false`, or a
 * comma-separated list of proxy addresses and CIDR ranges. Not a hop count: Fastify 5 ignores
 * X-Forwarded-* under one (it cannot tell the nearest peer is a proxy), so it would be a no-op.
 */
const trustProxySetting = z
  .string()
  .trim()
  .transform((value, context): boolean | string[] => {
    if (value === 'true' || value === 'false') return value === 'true';
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const wrong = entries.filter((entry) => !isProxyAddress(entry));
    if (entries.length === 0 || wrong.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `must be true, false, or a comma-separated list of proxy addresses and CIDR ranges (not ${wrong.join(', ') || 'empty'})`,
      });
      return z.NEVER;
    }
    return entries;
  });

/** Every environment variable gatepost reads, in one schema. The README's table lists the same names. */
const EnvironmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('.gatepost/pg'),
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  MAX_BATCH_CALLS: z.coerce.number().int().min(1).default(100),
  MAX_BULK_ITEMS: z.coerce.number().int().min(1).max(MAX_BULK_ITEMS).default(MAX_BULK_ITEMS),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  FAST_PATHS: z.enum(['true', 'false']).default('true'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).default(10_000),
  ADMIN_API_KEY: z.string().min(32, 'must be at least 32 characters (it is a password for the whole API)').optional(),
  CSRF_SECRET: z.string().min(32, 'must be at least 32 characters (it signs the HTML forms’ CSRF cookie)').optional(),
  SESSION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(7 * 24 * 3600),
  PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(20).default(15),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
  LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ }).regex(/^[^/]+\/\/[^/]+$/, 'must be an origin: scheme://host[:port], no path'))),
  GRAPHIQL: booleanFlag.optional(),
  GRAPHQL_INTROSPECTION: booleanFlag.optional(),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).default(10),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).default(20_000),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(100).default(20_000),
  IDEMPOTENCY_RETENTION_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 3600),
  WEB_DIR: z.string().default('dist/web'),
  REQUEST_DEADLINE_MS: z.coerce.number().int().min(100).default(10_000),
  BODY_DISCARD_LIMIT_BYTES: z.coerce.number().int().min(0).default(16_777_216),
  MAX_NESTING_DEPTH: z.coerce.number().int().min(8).max(1000).default(64),
  MAX_ITEMS_PER_REQUEST: z.coerce.number().int().min(1).default(1000),
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  TRUST_PROXY: trustProxySetting.default(false),
  MAX_CONNECTIONS: z.coerce.number().int().min(0).default(1000),
  KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  PAYMENT_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).default(15_000),
  PAYMENT_VOID_AFTER_SECONDS: z.coerce.number().int().min(0).default(600),
  FILES_DIR: z.string().min(1).default('.gatepost/files'),
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).default(104_857_600),
  MAX_FILES_PER_REQUEST: z.coerce.number().int().min(1).max(1000).default(10),
  FILES_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
  S3_BUCKET: z.string().min(3).optional(),
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: booleanFlag.default(false),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(DEFAULT_DATABASE_TIMEOUTS.connectMs),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(DEFAULT_DATABASE_TIMEOUTS.statementMs),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).default(DEFAULT_DATABASE_TIMEOUTS.idleInTransactionMs),
});

/** The names of every environment variable gatepost reads (the README's table lists each). */
export const ENVIRONMENT_VARIABLES = Object.keys(EnvironmentSchema.shape);

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** PostgreSQL URL; when absent gatepost starts its embedded PostgreSQL in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** The embedded PostgreSQL's folder: its cluster (data/), password and postgres.log. @default .gatepost/pg */
  readonly dataDir: string;
  /** The embedded PostgreSQL's port on 127.0.0.1; 0 picks a free one at each start. @default 0 */
  readonly embeddedPostgresPort: number;
  readonly databasePoolSize: number;
  /** Largest request body, in bytes; larger ones are refused with 413. @default 1048576 */
  readonly bodyLimitBytes: number;
  /** Most calls one batch may carry: a tRPC batch, a GraphQL request array, the mutation fields of one operation. @default 100 */
  readonly maxBatchCalls: number;
  /** Most items one bulk mutation (`contacts.submitMany`) may carry; at most 1000. @default 1000 */
  readonly maxBulkItems: number;
  /** Time allowed to receive a whole request (headers and body). @default 30000 */
  readonly requestTimeoutMs: number;
  /** How long a graceful stop waits for in-flight requests. @default 10000 */
  readonly shutdownTimeoutMs: number;
  /**
   * Serve the common tRPC and GraphQL requests straight from Fastify; `false` sends every
   * request through tRPC's and yoga's own adapters (an escape hatch; both answer alike). @default true
   */
  readonly fastPaths: boolean;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly production: boolean;
  /** The operator's key: `Authorization: Bearer <it>` acts as admin (like Hasura's admin secret). @default none */
  readonly adminApiKey: string | undefined;
  /**
   * Signs the HTML forms' CSRF cookie (under /forms). Give every process behind one load balancer
   * the same one; unset, each process draws its own at start, so a form served by one process
   * (or before a restart) is refused by another (403: the visitor opens the form again). @default random per process
   */
  readonly csrfSecret: string | undefined;
  /** How long a session from `auth.login` lasts. @default 604800 (7 days) */
  readonly sessionTtlSeconds: number;
  /**
   * scrypt's cost for new password hashes, log2(N): 15 is OWASP's minimum (N=2^15). Each hash
   * records its own cost, so raising it later leaves existing passwords working. Lower only for tests. @default 15
   */
  readonly passwordHashCost: number;
  /** PEM certificate and key files: when both are set, the server speaks HTTPS only. */
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
  /** Requests per minute per client (its credentials, else its address); 0 turns the limit off. @default 1200 */
  readonly rateLimitPerMinute: number;
  /** Sign-in attempts per minute per address and email. @default 10 */
  readonly loginAttemptsPerMinute: number;
  /** Redis for rate-limit counters shared by several processes; in memory otherwise. */
  readonly redisUrl: string | undefined;
  /** Time allowed to receive a request's headers (slowloris). @default 10000 */
  readonly headersTimeoutMs: number;
  /** Origins allowed to call cross-site (CORS), e.g. `https://app.example.com`. @default none: same origin only */
  readonly corsOrigins: readonly string[];
  /** Serve GraphiQL on GET /graphql. @default true, false when NODE_ENV=production */
  readonly graphiql: boolean;
  /** Answer introspection queries and suggest field names in errors. @default true, false when NODE_ENV=production */
  readonly graphqlIntrospection: boolean;
  /** GraphQL Armor limits: selection depth, tokens per document, and cost. */
  readonly graphqlLimits: { readonly maxDepth: number; readonly maxTokens: number; readonly maxCost: number };
  /** How long an Idempotency-Key's result is kept for replay; expired keys are purged. @default 86400 (24 h) */
  readonly idempotencyRetentionSeconds: number;
  /** The built demo app served at `/`, relative to the working directory; empty serves the API only. @default dist/web */
  readonly webDir: string | undefined;
  /**
   * How long a call may run once its request has arrived (the body included, so a long upload is
   * not cut): past it, a running transaction is cancelled in PostgreSQL, rolled back, and answered
   * 503 UNAVAILABLE with Retry-After. A call already committing finishes. @default 10000
   */
  readonly requestDeadlineMs: number;
  /**
   * After a body is refused as too large, how many more of its bytes are read and thrown away
   * so the client reads the 413 instead of a connection reset (RFC 9112 §9.6); a longer body's
   * connection is closed once that many arrived. @default 16777216 (16 MiB)
   */
  readonly bodyDiscardLimitBytes: number;
  /**
   * Deepest nesting a request may carry: arrays and objects in a JSON body, braces, brackets and
   * parentheses in a GraphQL document. Parsers recurse once per level; deeper is refused (400)
   * before parsing. @default 64
   */
  readonly maxNestingDepth: number;
  /**
   * Most items one request may carry across all its calls (a tRPC batch, a GraphQL operation's
   * mutation fields, a request array): a bulk call counts its items, any other call 1. More is
   * refused whole (413) before anything runs. @default 1000
   */
  readonly maxItemsPerRequest: number;
  /**
   * Requests with credentials that match nothing (unknown, expired or revoked tokens and keys),
   * per client address and minute; past it, that address's credentials are refused with 429
   * before they are looked up. 0 turns the limit off. @default 30
   */
  readonly authFailuresPerMinute: number;
  /**
   * Which proxies' `X-Forwarded-For`/`-Proto`/`-Host` to believe (Fastify's `trustProxy`): `true`
   * for every hop, or the proxies' addresses and CIDR ranges (`10.0.0.0/8,loopback`). Behind a TLS-terminating
   * proxy this makes the session cookie `Secure` and per-address limits see the client, not the
   * proxy. Never trust a proxy a client can bypass: it could then choose its own address. @default false
   */
  readonly trustProxy: boolean | readonly string[];
  /**
   * Most open connections at once (Node's `server.maxConnections`); further ones are closed as
   * they arrive. Keeps idle sockets from using up memory and file descriptors (often 1024 per
   * process). 0 means no cap. @default 1000
   */
  readonly maxConnections: number;
  /**
   * How long an idle keep-alive connection is kept after its last response (Node's default, 5 s,
   * rather than Fastify's 72 s). Behind a load balancer, set it above the balancer's idle timeout
   * (60 s on AWS ALB), or it may reuse a connection just as gatepost closes it. @default 5000
   */
  readonly keepAliveTimeoutMs: number;
  /**
   * Pause between passes of the payment reconciler, which captures committed orders whose capture a
   * crash or a provider outage interrupted, and voids holds no committed order uses. @default 15000
   */
  readonly paymentReconcileIntervalMs: number;
  /**
   * How old a payment hold with no committed order must be before the reconciler voids it: longer
   * than an order's transaction can stay open, so an order still being written keeps its hold. @default 600 (10 min)
   */
  readonly paymentVoidAfterSeconds: number;
  /**
   * How long the pool waits on PostgreSQL: a new connection (`DATABASE_CONNECT_TIMEOUT_MS`), one
   * statement (`statement_timeout`) and a transaction left idle (`idle_in_transaction_session_timeout`);
   * 0 turns either of the last two off. During an outage, calls are answered 503 within these bounds.
   * @default { connectMs: 5000, statementMs: 10000, idleInTransactionMs: 10000 }
   */
  readonly databaseTimeouts: DatabaseTimeouts;
  /** Uploaded files: where they are stored and how much a request may carry. */
  readonly files: FilesConfig;
}

export interface FilesConfig {
  /** Where files are stored on local disk, when no S3 bucket is configured. @default .gatepost/files */
  readonly dir: string;
  /** Most bytes of files one request may carry (each file field has its own limit too). @default 104857600 (100 MiB) */
  readonly maxUploadBytes: number;
  /** Most files one request may carry. @default 10 */
  readonly maxFilesPerRequest: number;
  /** Pause between passes of the sweeper, which removes stored files no row names (left by a crash mid-upload). @default 3600000 (1 h) */
  readonly sweepIntervalMs: number;
  /** An S3-compatible bucket (`S3_BUCKET`, endpoint, region, credentials): files are stored there instead of on disk. */
  readonly s3: S3StorageOptions | undefined;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment once, at start-up; a bad value stops the process with every problem named. */
export function loadConfig(environment: Readonly<Record<string, string | undefined>>): AppConfig {
  const parsed = EnvironmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n  ');
    throw new ConfigError(`Invalid configuration:\n  ${problems}`);
  }
  const env = parsed.data;
  if (Boolean(env.TLS_CERT_FILE) !== Boolean(env.TLS_KEY_FILE)) {
    throw new ConfigError('Invalid configuration:\n  TLS_CERT_FILE and TLS_KEY_FILE go together: set both for HTTPS, or neither.');
  }
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    embeddedPostgresPort: env.EMBEDDED_POSTGRES_PORT,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    maxBatchCalls: env.MAX_BATCH_CALLS,
    maxBulkItems: env.MAX_BULK_ITEMS,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    fastPaths: env.FAST_PATHS === 'true',
    logLevel: env.LOG_LEVEL,
    production: env.NODE_ENV === 'production',
    headersTimeoutMs: env.HEADERS_TIMEOUT_MS,
    adminApiKey: env.ADMIN_API_KEY,
    csrfSecret: env.CSRF_SECRET,
    sessionTtlSeconds: env.SESSION_TTL_SECONDS,
    passwordHashCost: env.PASSWORD_HASH_COST,
    tls: env.TLS_CERT_FILE && env.TLS_KEY_FILE ? { certFile: env.TLS_CERT_FILE, keyFile: env.TLS_KEY_FILE } : undefined,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    loginAttemptsPerMinute: env.LOGIN_ATTEMPTS_PER_MINUTE,
    redisUrl: env.REDIS_URL,
    corsOrigins: env.CORS_ORIGINS,
    graphiql: env.GRAPHIQL ?? env.NODE_ENV !== 'production',
    graphqlIntrospection: env.GRAPHQL_INTROSPECTION ?? env.NODE_ENV !== 'production',
    graphqlLimits: { maxDepth: env.GRAPHQL_MAX_DEPTH, maxTokens: env.GRAPHQL_MAX_TOKENS, maxCost: env.GRAPHQL_MAX_COST },
    idempotencyRetentionSeconds: env.IDEMPOTENCY_RETENTION_SECONDS,
    webDir: env.WEB_DIR || undefined,
    requestDeadlineMs: env.REQUEST_DEADLINE_MS,
    bodyDiscardLimitBytes: env.BODY_DISCARD_LIMIT_BYTES,
    maxNestingDepth: env.MAX_NESTING_DEPTH,
    maxItemsPerRequest: env.MAX_ITEMS_PER_REQUEST,
    authFailuresPerMinute: env.AUTH_FAILURES_PER_MINUTE,
    trustProxy: env.TRUST_PROXY,
    maxConnections: env.MAX_CONNECTIONS,
    keepAliveTimeoutMs: env.KEEP_ALIVE_TIMEOUT_MS,
    paymentReconcileIntervalMs: env.PAYMENT_RECONCILE_INTERVAL_MS,
    paymentVoidAfterSeconds: env.PAYMENT_VOID_AFTER_SECONDS,
    databaseTimeouts: {
      connectMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      statementMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      idleInTransactionMs: env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    files: {
      dir: env.FILES_DIR,
      maxUploadBytes: env.MAX_UPLOAD_BYTES,
      maxFilesPerRequest: env.MAX_FILES_PER_REQUEST,
      sweepIntervalMs: env.FILES_SWEEP_INTERVAL_MS,
      s3: env.S3_BUCKET
        ? {
            bucket: env.S3_BUCKET,
            region: env.S3_REGION,
            forcePathStyle: env.S3_FORCE_PATH_STYLE,
            ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
            ...(env.S3_ACCESS_KEY_ID ? { accessKeyId: env.S3_ACCESS_KEY_ID } : {}),
            ...(env.S3_SECRET_ACCESS_KEY ? { secretAccessKey: env.S3_SECRET_ACCESS_KEY } : {}),
          }
        : undefined,
    },
  };
}

/** The defaults, for tests and embedders that build an app without an environment. */
export function defaultConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return { ...loadConfig({}), ...overrides };
}
