// Every knob of the bench, read once from the environment (and `--write`), with the defaults the
// issue fixes. Smoke mode trades measurement for coverage: every scenario and server once, briefly.
import { z } from 'zod';

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

const flag = z
  .enum(['', '0', '1', 'true', 'false'])
  .default('')
  .transform((value) => value === '1' || value === 'true');

const Environment = z.object({
  BENCH_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .default(DEFAULT_ADMIN_URL),
  BENCH_ROUNDS: z.coerce.number().int().min(1).max(50).default(3),
  BENCH_DURATION: z.coerce.number().min(0.5).max(600).default(5),
  BENCH_WARMUP: z.coerce.number().min(0).max(60).default(1),
  // 32 = the single-call concurrency: one pooled connection per in-flight request, so the pool is
  // not the bottleneck for any server. Passed to gatepost and every peer alike.
  BENCH_POOL_SIZE: z.coerce.number().int().min(1).max(90).default(32),
  BENCH_SMOKE: flag,
  BENCH_WRITE: flag,
  // Comma-separated substrings of scenario names, to run a subset while working on one thing.
  BENCH_ONLY: z.string().default(''),
  // Comma-separated substrings of server names (e.g. `gatepost,prepared`), same purpose.
  BENCH_SERVERS: z.string().default(''),
});

export interface Concurrency {
  /** Connections (or loop workers) for one-mutation-per-request scenarios. */
  readonly single: number;
  /** Connections for scenarios where one request carries many mutations. */
  readonly batch: number;
}

export interface BenchConfig {
  /** A database on the PostgreSQL server to connect to while creating/dropping the bench's own. */
  readonly adminUrl: string;
  readonly rounds: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly poolSize: number;
  readonly concurrency: Concurrency;
  /** Requests per second of the steady-load scenario (latency at a realistic rate). */
  readonly steadyRate: number;
  readonly smoke: boolean;
  /** Rewrite the table section of BENCHMARKS.md. Never in smoke mode: smoke numbers mean nothing. */
  readonly write: boolean;
  /** Scenario-name substrings to run (empty = all). */
  readonly only: readonly string[];
  /** Server-name substrings to run (empty = all). */
  readonly servers: readonly string[];
  /** How long a server may take to print `listening on`. */
  readonly startTimeoutMs: number;
}

export function loadBenchConfig(environment: NodeJS.ProcessEnv, argv: readonly string[]): BenchConfig {
  const parsed = Environment.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n  ');
    throw new Error(`Invalid bench configuration:\n  ${problems}`);
  }
  const env = parsed.data;
  const smoke = env.BENCH_SMOKE;
  const list = (value: string) =>
    value
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .filter((part) => part.length > 0);
  return {
    adminUrl: env.BENCH_DATABASE_URL,
    rounds: smoke ? 1 : env.BENCH_ROUNDS,
    durationSeconds: smoke ? 1 : env.BENCH_DURATION,
    warmupSeconds: smoke ? 0 : env.BENCH_WARMUP,
    poolSize: smoke ? Math.min(env.BENCH_POOL_SIZE, 8) : env.BENCH_POOL_SIZE,
    concurrency: smoke ? { single: 4, batch: 2 } : { single: 32, batch: 4 },
    steadyRate: smoke ? 200 : 1000,
    smoke,
    write: !smoke && (env.BENCH_WRITE || argv.includes('--write')),
    // A smoke run exists to cover everything: no subsets.
    only: smoke ? [] : list(env.BENCH_ONLY),
    servers: smoke ? [] : list(env.BENCH_SERVERS),
    startTimeoutMs: 30_000,
  };
}
