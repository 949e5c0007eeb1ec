// `npm run bench`: gatepost against bare peers, one server at a time, on a database of its own.
// Progress goes to stderr; the Markdown table goes to stdout (and to BENCHMARKS.md with --write).
// Exits non-zero when any server failed to start or answered any error.
import { fileURLToPath } from 'node:url';
import { createBenchDatabase } from './lib/bench-database';
import { writeBenchmarksSection } from './lib/benchmarks-file';
import { BUDGET_SECONDS, estimateSeconds, formatDuration } from './lib/budget';
import { cleanupOnSignals, onCleanup, runCleanup } from './lib/cleanup';
import { loadBenchConfig, type BenchConfig } from './lib/config';
import { describeMachine, renderMachine } from './lib/machine';
import { probeSubmitMany, type SubmitManyProbe } from './lib/probe';
import { runScenario, type RunContext, type ScenarioResult } from './lib/run-scenario';
import { buildScenarios, SERVERS, SUBMIT_MANY_ITEMS_PER_REQUEST, SUBMIT_MANY_SCENARIO } from './lib/scenarios';
import { startServer } from './lib/spawn-server';
import { renderFailureNotes, renderTable } from './lib/table';
import { CONTACT_INPUT } from './lib/wire';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const progress = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const started = performance.now();
  const config = loadBenchConfig(process.env, process.argv.slice(2));
  cleanupOnSignals();

  const database = await createBenchDatabase(config.adminUrl);
  onCleanup(() => database.drop());
  progress(`[bench] database ${database.name} created and migrated${config.smoke ? ' (smoke mode)' : ''}`);
  const machine = describeMachine(await database.serverVersion());
  const machineText = renderMachine(machine);
  progress(machineText);

  const context: RunContext = { config, database, repoRoot, progress };
  const wantsSubmitMany = buildScenarios(config, null).some((scenario) => scenario.name === SUBMIT_MANY_SCENARIO);
  const probe = wantsSubmitMany ? await probeGatepost(context) : { result: null, failed: false };
  const scenarios = buildScenarios(config, probe.result);

  const estimate = estimateSeconds(scenarios, config);
  progress(
    `[bench] ${scenarios.length} scenarios, ${config.rounds} round(s) × ${config.durationSeconds} s (+${config.warmupSeconds} s warm-up), ` +
      `pool ${config.poolSize}, concurrency ${config.concurrency.single}/${config.concurrency.batch}; estimated ${formatDuration(estimate)}` +
      (estimate > BUDGET_SECONDS ? ` — OVER the ${formatDuration(BUDGET_SECONDS)} budget` : ''),
  );

  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    if (scenario.skipped) progress(`[${scenario.name}] skipped ${scenario.skipped}`);
    results.push(await runScenario(scenario, context));
  }

  const elapsed = (performance.now() - started) / 1000;
  const table = renderTable(results);
  const notes = renderFailureNotes(results);
  const settings = describeSettings(config);
  process.stdout.write(`\n${table}\n\n${settings}\n`);
  if (notes) process.stdout.write(`\nFailures:\n${notes}\n`);
  process.stdout.write(`\nTotal runtime: ${formatDuration(elapsed)}\n`);

  if (config.write) {
    const date = new Date().toISOString().slice(0, 10);
    const failureLines = notes ? ['', 'Failures (first line of each; the full notes are printed by the run):', ...firstLines(notes)] : [];
    const section = [
      `Measured ${date}, total runtime ${formatDuration(elapsed)}.`,
      '',
      machineText,
      '',
      settings,
      '',
      table,
      ...failureLines,
    ].join('\n');
    writeBenchmarksSection(`${repoRoot}BENCHMARKS.md`, section);
    progress('[bench] BENCHMARKS.md updated');
  }

  const failed = probe.failed || results.some((result) => result.targets.some((target) => target.failed));
  return failed ? 1 : 0;
}

/** Starts gatepost once to ask whether it has a bulk contacts mutation yet. */
async function probeGatepost(context: RunContext): Promise<{ result: SubmitManyProbe | null; failed: boolean }> {
  try {
    const server = await startServer(SERVERS.gatepost, {
      repoRoot: context.repoRoot,
      databaseUrl: context.database.url,
      poolSize: context.config.poolSize,
      startTimeoutMs: context.config.startTimeoutMs,
    });
    const unregister = onCleanup(() => server.stop());
    try {
      const result = await probeSubmitMany(server.baseUrl, SUBMIT_MANY_ITEMS_PER_REQUEST, CONTACT_INPUT);
      progress(`[bench] gatepost ${result.found ? `serves bulk contacts: ${result.note}` : 'has no bulk contacts mutation yet'}`);
      return { result, failed: false };
    } finally {
      await server.stop();
      unregister();
    }
  } catch (error) {
    progress(`[bench] probing gatepost failed: ${error instanceof Error ? error.message : String(error)}`);
    return { result: null, failed: true };
  }
}

/** The `- scenario / server:` line and the line after it, per failing target. */
function firstLines(notes: string): string[] {
  const lines = notes.split('\n');
  return lines.flatMap((line, index) => (line.startsWith('- ') ? [`${line} ${lines[index + 1]?.trim() ?? ''}`] : []));
}

function describeSettings(config: BenchConfig): string {
  return [
    `Settings: ${config.rounds} round(s) per server, alternating; ${config.durationSeconds} s per run after ${config.warmupSeconds} s warm-up; medians over rounds.`,
    `Concurrency ${config.concurrency.single} (single calls, echo, postgres.js single-row workers), ${config.concurrency.batch} (batches, 100 fields, multi-row workers).`,
    `postgres.js pool ${config.poolSize} in every server and the loop. gatepost at LOG_LEVEL=info; every server NODE_ENV=production, logs to a file.`,
    `p50/p99 are per request (per statement for the loop); RSS is the largest VmRSS sampled during the runs; CPU is utime+stime per completed request.`,
  ].join('\n');
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error('[bench] failed:', error);
} finally {
  await runCleanup();
}
process.exit(exitCode);
