// The upload bench's knobs, read once from the environment. Sizes are in MiB (the variables say MB
// for short). The database URL, pool size and start-up timeout come from the main bench's
// config (config.ts), so both benches are pointed at PostgreSQL the same way.
import { z } from 'zod';
import { loadBenchConfig, type BenchConfig } from './config';
import { MIB } from './upload-body';

const Environment = z.object({
  /** The single-upload size of scenarios 1, 3 and 4. @default 1024 (1 GiB) */
  UPLOAD_BENCH_SIZE_MB: z.coerce.number().int().min(1).max(4096).default(1024),
  /** How many uploads run at once in scenario 2. @default 10 */
  UPLOAD_BENCH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(10),
  /** The size of each of them. @default 100 */
  UPLOAD_BENCH_CONCURRENT_SIZE_MB: z.coerce.number().int().min(1).max(1024).default(100),
  /** The longest any one upload (or batch of concurrent ones) may take before it counts as failed. @default 600 */
  UPLOAD_BENCH_TIMEOUT_S: z.coerce.number().int().min(10).max(3600).default(600),
  /** Rounds of each raw copy; the median is the baseline (the disk is the noisiest thing measured). @default 3 */
  UPLOAD_BENCH_RAW_ROUNDS: z.coerce.number().int().min(1).max(9).default(3),
  /** Comma-separated parts to run (`raw,rest,graphql,trpc,concurrent,yoga`); empty runs all. */
  UPLOAD_BENCH_ONLY: z.string().default(''),
});

export const UPLOAD_PARTS = ['raw', 'rest', 'graphql', 'trpc', 'concurrent', 'yoga'] as const;
export type UploadPart = (typeof UPLOAD_PARTS)[number];

export interface UploadBenchConfig {
  readonly bench: BenchConfig;
  readonly singleBytes: number;
  readonly concurrency: number;
  readonly concurrentBytes: number;
  readonly timeoutMs: number;
  readonly rawRounds: number;
  readonly parts: ReadonlySet<UploadPart>;
}

export function loadUploadBenchConfig(environment: NodeJS.ProcessEnv): UploadBenchConfig {
  const parsed = Environment.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n  ');
    throw new Error(`Invalid upload bench configuration:\n  ${problems}`);
  }
  const env = parsed.data;
  const only = env.UPLOAD_BENCH_ONLY.split(',')
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  const unknown = only.filter((part) => !(UPLOAD_PARTS as readonly string[]).includes(part));
  if (unknown.length > 0) throw new Error(`UPLOAD_BENCH_ONLY: unknown part(s) ${unknown.join(', ')}; known: ${UPLOAD_PARTS.join(', ')}`);
  return {
    bench: loadBenchConfig(environment, []),
    singleBytes: env.UPLOAD_BENCH_SIZE_MB * MIB,
    concurrency: env.UPLOAD_BENCH_CONCURRENCY,
    concurrentBytes: env.UPLOAD_BENCH_CONCURRENT_SIZE_MB * MIB,
    timeoutMs: env.UPLOAD_BENCH_TIMEOUT_S * 1000,
    rawRounds: env.UPLOAD_BENCH_RAW_ROUNDS,
    parts: new Set(only.length > 0 ? (only as UploadPart[]) : UPLOAD_PARTS),
  };
}
