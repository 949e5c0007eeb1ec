// Runs one scenario: its targets in alternation (A B C, A B C, …) for the configured rounds, one
// server process alive at a time, each started fresh per round (a pool of 32 per server would
// exceed PostgreSQL's 100 connections if they all stayed up), warmed up, then measured.
// Medians over rounds, so drift on a shared machine hits every target alike.
import { runInsertLoop } from '../limit/postgres-loop';
import type { BenchDatabase } from './bench-database';
import { onCleanup } from './cleanup';
import type { BenchConfig } from './config';
import { runHttpLoad, totalFailures, type LoadOutcome } from './load';
import { clockTicksPerSecond, readCpuTicks, RssSampler } from './process-stats';
import type { HttpTarget, LoopTarget, Scenario, Target } from './scenarios';
import { startServer, type RunningServer } from './spawn-server';
import { median } from './stats';
import { CONTACT_INPUT } from './wire';

export interface RunContext {
  readonly config: BenchConfig;
  readonly database: BenchDatabase;
  readonly repoRoot: string;
  /** One line of progress (stderr: stdout carries the table). */
  readonly progress: (line: string) => void;
}

/** One target, one round. */
interface RoundSample {
  /** In the scenario's unit (req/s or mutations/s). */
  readonly throughput: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly rssBytes: number | null;
  readonly cpuMicrosPerRequest: number | null;
  readonly failures: number;
  readonly failureNote: string | null;
}

export interface TargetSummary {
  readonly name: string;
  readonly isGatepost: boolean;
  readonly failed: boolean;
  readonly failures: number;
  /** Medians over rounds (null when failed). */
  readonly throughput: number | null;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  /** Largest RSS seen in any round, MB (null for the in-process loop). */
  readonly rssMb: number | null;
  readonly cpuMicrosPerRequest: number | null;
  readonly notes: readonly string[];
}

export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly targets: readonly TargetSummary[];
}

export async function runScenario(scenario: Scenario, context: RunContext): Promise<ScenarioResult> {
  if (scenario.skipped) return { scenario, targets: [] };
  if (scenario.writes) await context.database.truncateContacts();
  const samples = new Map<Target, RoundSample[]>(scenario.targets.map((target) => [target, []]));
  for (let round = 1; round <= context.config.rounds; round++) {
    for (const target of scenario.targets) {
      const sample = target.kind === 'http' ? await measureServer(target, scenario, context) : await measureLoop(target, scenario, context);
      samples.get(target)?.push(sample);
      context.progress(`[${scenario.name}] round ${round}/${context.config.rounds} ${target.name}: ${describeSample(sample, scenario)}`);
    }
  }
  return { scenario, targets: scenario.targets.map((target) => summarize(target, samples.get(target) ?? [])) };
}

async function measureServer(target: HttpTarget, scenario: Scenario, context: RunContext): Promise<RoundSample> {
  const { config, database } = context;
  let server: RunningServer;
  try {
    server = await startServer(target.server, {
      repoRoot: context.repoRoot,
      databaseUrl: database.url,
      poolSize: config.poolSize,
      startTimeoutMs: config.startTimeoutMs,
    });
  } catch (error) {
    return failedSample(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
  }
  const unregister = onCleanup(() => server.stop());
  const load = (durationSeconds: number) =>
    runHttpLoad({
      baseUrl: server.baseUrl,
      ...target.request,
      connections: scenario.concurrency,
      durationSeconds,
      ...(scenario.rate ? { overallRate: scenario.rate } : {}),
    });

  let failures = 0;
  const notes: string[] = [];
  const noteFailures = (phase: string, outcome: LoadOutcome) => {
    const count = totalFailures(outcome.failures);
    if (count === 0) return;
    failures += count;
    const { non2xx, badBody, socketErrors } = outcome.failures;
    notes.push(
      `${phase}: ${non2xx} non-2xx, ${badBody} error bodies, ${socketErrors} connection errors; first: ${outcome.firstFailure ?? '?'}`,
    );
  };

  let measured: LoadOutcome;
  let rssBytes: number;
  let cpuTicks: number | null;
  let rowsBefore = 0;
  try {
    if (config.warmupSeconds > 0) noteFailures('warm-up', await load(config.warmupSeconds));
    if (scenario.writes) rowsBefore = await database.countContacts();
    const sampler = new RssSampler(server.pid);
    const cpuBefore = readCpuTicks(server.pid);
    sampler.start();
    measured = await load(config.durationSeconds);
    rssBytes = sampler.stop();
    const cpuAfter = readCpuTicks(server.pid);
    cpuTicks = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
    noteFailures('run', measured);
    if (!server.alive()) {
      failures++;
      notes.push(`the server died during the run: ${server.logTail()}`);
    }
  } finally {
    // Keep the log of a server that misbehaved; its tail is in the notes.
    await server.stop({ keepLog: failures > 0 });
    unregister();
  }
  // Counted after the server stopped, so requests still in flight when the load ended are in.
  if (scenario.writes) failures += checkRows(measured, scenario.mutationsPerRequest, (await database.countContacts()) - rowsBefore, notes);
  return {
    throughput: (measured.ok * (scenario.unit === 'mutations/s' ? scenario.mutationsPerRequest : 1)) / measured.elapsedSeconds,
    p50Ms: measured.p50Ms,
    p99Ms: measured.p99Ms,
    rssBytes: rssBytes > 0 ? rssBytes : null,
    cpuMicrosPerRequest: cpuTicks !== null && measured.ok > 0 ? ((cpuTicks / clockTicksPerSecond()) * 1e6) / measured.ok : null,
    failures,
    failureNote: notes.length > 0 ? notes.join('\n') : null,
  };
}

async function measureLoop(target: LoopTarget, scenario: Scenario, context: RunContext): Promise<RoundSample> {
  const { config, database } = context;
  const notes: string[] = [];
  let failures = 0;
  try {
    const rowsBefore = await database.countContacts();
    const { warmup, measured } = await runInsertLoop({
      databaseUrl: database.url,
      poolSize: config.poolSize,
      workers: scenario.concurrency,
      rowsPerStatement: target.rowsPerStatement,
      warmupSeconds: config.warmupSeconds,
      durationSeconds: config.durationSeconds,
      row: CONTACT_INPUT,
    });
    for (const [phase, outcome] of [
      ['warm-up', warmup],
      ['run', measured],
    ] as const) {
      const count = outcome ? totalFailures(outcome.failures) : 0;
      if (count > 0) {
        failures += count;
        notes.push(`${phase}: ${count} failed statements; first: ${outcome?.firstFailure ?? '?'}`);
      }
    }
    const inserted = (await database.countContacts()) - rowsBefore;
    // The loop's statements carry rowsPerStatement rows each: compare rows with rows.
    failures += checkRows(measured, target.rowsPerStatement, inserted - (warmup?.ok ?? 0) * target.rowsPerStatement, notes);
    return {
      throughput: (measured.ok * target.rowsPerStatement) / measured.elapsedSeconds,
      p50Ms: measured.p50Ms,
      p99Ms: measured.p99Ms,
      rssBytes: null,
      cpuMicrosPerRequest: null,
      failures,
      failureNote: notes.length > 0 ? notes.join('\n') : null,
    };
  } catch (error) {
    return failedSample(`loop failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A server that reports success without writing is the fastest kind of wrong: count the rows. */
function checkRows(measured: LoadOutcome, rowsPerCall: number, inserted: number, notes: string[]): number {
  const expected = measured.ok * rowsPerCall;
  if (inserted >= expected) return 0;
  notes.push(`only ${inserted} rows were inserted for ${expected} reported mutations`);
  return 1;
}

function failedSample(note: string): RoundSample {
  return { throughput: 0, p50Ms: Number.NaN, p99Ms: Number.NaN, rssBytes: null, cpuMicrosPerRequest: null, failures: 1, failureNote: note };
}

function summarize(target: Target, samples: readonly RoundSample[]): TargetSummary {
  const failures = samples.reduce((sum, sample) => sum + sample.failures, 0);
  const failed = failures > 0 || samples.length === 0;
  const notes = samples.flatMap((sample) => (sample.failureNote ? [sample.failureNote] : []));
  const rss = samples.flatMap((sample) => (sample.rssBytes === null ? [] : [sample.rssBytes]));
  const cpu = samples.flatMap((sample) => (sample.cpuMicrosPerRequest === null ? [] : [sample.cpuMicrosPerRequest]));
  const ofAll = (pick: (sample: RoundSample) => number) => (failed ? null : median(samples.map(pick)));
  return {
    name: target.name,
    isGatepost: target.kind === 'http' && target.server.name === 'gatepost',
    failed,
    failures,
    throughput: ofAll((sample) => sample.throughput),
    p50Ms: ofAll((sample) => sample.p50Ms),
    p99Ms: ofAll((sample) => sample.p99Ms),
    rssMb: rss.length > 0 ? Math.max(...rss) / (1024 * 1024) : null,
    cpuMicrosPerRequest: cpu.length > 0 && !failed ? median(cpu) : null,
    notes,
  };
}

function describeSample(sample: RoundSample, scenario: Scenario): string {
  if (sample.failures > 0) return `FAILED (${sample.failures}) ${sample.failureNote?.split('\n')[0] ?? ''}`;
  const parts = [
    `${Math.round(sample.throughput).toLocaleString('en-US')} ${scenario.unit}`,
    `p50 ${sample.p50Ms.toFixed(2)} ms`,
    `p99 ${sample.p99Ms.toFixed(2)} ms`,
  ];
  if (sample.rssBytes !== null) parts.push(`RSS ${Math.round(sample.rssBytes / 1048576)} MB`);
  if (sample.cpuMicrosPerRequest !== null) parts.push(`CPU ${Math.round(sample.cpuMicrosPerRequest)} µs/req`);
  return parts.join(', ');
}
