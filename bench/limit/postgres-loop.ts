// The limit: the same inserts with no HTTP, no framework and no validation — raw postgres.js from
// the bench process, `workers` loops each awaiting its own statement, for a fixed time. What is
// left is PostgreSQL plus the driver, the floor under every server in the table.
import postgres from 'postgres';
import type { ContactInput } from '../peers/shared-db';
import type { LoadOutcome } from '../lib/load';
import { LatencyRecorder } from '../lib/stats';

export interface InsertLoopOptions {
  readonly databaseUrl: string;
  readonly poolSize: number;
  readonly workers: number;
  /** 1 = single-row inserts; more = one multi-row INSERT per statement. */
  readonly rowsPerStatement: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  readonly row: ContactInput;
}

export interface InsertLoopResult {
  readonly warmup: LoadOutcome | null;
  /** `ok` counts statements; multiply by rowsPerStatement for mutations. */
  readonly measured: LoadOutcome;
}

export async function runInsertLoop(options: InsertLoopOptions): Promise<InsertLoopResult> {
  // Its own pool per run, closed after: the loop must not hold connections while servers run.
  // Warm-up and measurement share it, so connecting and preparing are not measured (as for servers).
  const sql = postgres(options.databaseUrl, { max: options.poolSize, onnotice: () => {}, connect_timeout: 10 });
  const rows = Array.from({ length: options.rowsPerStatement }, () => ({
    name: options.row.name,
    email: options.row.email,
    message: options.row.message ?? null,
  }));
  // postgres.js prepares tagged-template statements by default: the cheapest path there is.
  const insert = () => sql`insert into contacts ${sql(rows, 'name', 'email', 'message')} returning *`;
  try {
    const warmup = options.warmupSeconds > 0 ? await loopFor(insert, rows.length, options.workers, options.warmupSeconds) : null;
    const measured = await loopFor(insert, rows.length, options.workers, options.durationSeconds);
    return { warmup, measured };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function loopFor(
  insert: () => Promise<readonly unknown[]>,
  expectedRows: number,
  workers: number,
  seconds: number,
): Promise<LoadOutcome> {
  const latencies = new LatencyRecorder();
  let ok = 0;
  let failed = 0;
  let firstFailure: string | null = null;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const before = performance.now();
      try {
        const returned = await insert();
        if (returned.length !== expectedRows) throw new Error(`returned ${returned.length} rows, expected ${expectedRows}`);
        latencies.record(performance.now() - before);
        ok++;
      } catch (error) {
        failed++;
        firstFailure ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  const { p50, p99 } = latencies.percentiles();
  return {
    ok,
    failures: { non2xx: 0, badBody: 0, socketErrors: failed },
    elapsedSeconds: (performance.now() - started) / 1000,
    p50Ms: p50,
    p99Ms: p99,
    firstFailure,
  };
}
