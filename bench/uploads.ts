// `npm run bench:uploads`: what a file upload costs gatepost, in time and in memory, beside the disk
// it lands on and beside bare graphql-yoga. Scenarios (sizes from UPLOAD_BENCH_* , see
// lib/upload-config.ts): (3) the raw disk copy of the same bytes, the baseline every throughput is
// divided by; (1) one 1 GiB upload over each protocol; (2) 10 × 100 MiB at once over REST; (4) bare
// yoga's own multipart handling of the same 1 GiB. Everything runs on 127.0.0.1, in a temporary
// folder and a throwaway database, both removed at the end. Progress goes to stderr; the Markdown
// table and the targets go to stdout. Exits non-zero when a gatepost upload failed.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBenchDatabase } from './lib/bench-database';
import { formatDuration } from './lib/budget';
import { cleanupOnSignals, onCleanup, runCleanup } from './lib/cleanup';
import { describeMachine, renderMachine } from './lib/machine';
import { sha256Of } from './lib/upload-body';
import { loadUploadBenchConfig, type UploadBenchConfig } from './lib/upload-config';
import { RSS_SAMPLE_MS } from './lib/upload-measure';
import { baselineOf, gatepostSpec, runGatepostConcurrent, runGatepostSingle, runRawCopy, runYoga, type UploadContext } from './lib/upload-scenarios';
import { describeSize, megabytes, mibPerSecond, renderTargets, renderUploadTable, type TargetVerdict, type UploadRow } from './lib/upload-table';
import { GRAPHQL_UPLOAD, REST_UPLOAD, TRPC_UPLOAD } from './lib/upload-wire';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const progress = (line: string) => process.stderr.write(`${line}\n`);

/** The sizes the targets are stated for: a run at other sizes says so beside each verdict. */
const TARGET_SINGLE_BYTES = 1024 ** 3;
const TARGET_CONCURRENT = { count: 10, bytes: 100 * 1024 ** 2 };

async function main(): Promise<number> {
  const started = performance.now();
  const loadBefore = loadavg()[0] ?? 0;
  const config = loadUploadBenchConfig(process.env);
  cleanupOnSignals();

  const workDir = await mkdtemp(join(tmpdir(), 'gatepost-upload-bench-'));
  onCleanup(() => rm(workDir, { recursive: true, force: true }));
  const database = await createBenchDatabase(config.bench.adminUrl);
  onCleanup(() => database.drop());
  progress(`[uploads] database ${database.name} created; files under ${workDir}`);
  const machineText = renderMachine(describeMachine(await database.serverVersion()));

  const context: UploadContext = {
    config,
    environment: { repoRoot, databaseUrl: database.url, poolSize: config.bench.poolSize, startTimeoutMs: config.bench.startTimeoutMs },
    filesDir: join(workDir, 'files'),
    rawDir: join(workDir, 'raw'),
    adminKey: randomBytes(24).toString('hex'),
    progress,
  };
  const single = describeSize(config.singleBytes);
  const concurrent = `${config.concurrency} × ${describeSize(config.concurrentBytes)}`;
  const wants = (part: Parameters<typeof config.parts.has>[0]) => config.parts.has(part);

  progress('[uploads] hashing the bytes to be sent, for checking the answers');
  sha256Of(config.singleBytes);
  sha256Of(config.concurrentBytes);

  const rows: UploadRow[] = [];
  const singleRaw = wants('raw') ? await runRawCopy(context, `1 × ${single}`, config.singleBytes, 1) : [];
  rows.push(...singleRaw);
  const singleBaseline = baselineOf(singleRaw);
  const protocolRows: UploadRow[] = [];
  for (const [part, wire] of [['rest', REST_UPLOAD], ['graphql', GRAPHQL_UPLOAD], ['trpc', TRPC_UPLOAD]] as const) {
    if (wants(part)) protocolRows.push(await runGatepostSingle(context, `1 × ${single}`, wire, singleBaseline));
  }
  rows.push(...protocolRows);
  if (wants('yoga')) {
    // As installed, then with its body limit raised to gatepost's MAX_UPLOAD_BYTES, as a yoga user taking such files would.
    rows.push(...(await runYoga(context, `1 × ${single}`, singleBaseline, { retrySmaller: false })));
    const maxRequestBodySize = Number(gatepostSpec(context).env?.MAX_UPLOAD_BYTES);
    rows.push(...(await runYoga(context, `1 × ${single}`, singleBaseline, { maxRequestBodySize, retrySmaller: true })));
  }

  let concurrentRow: UploadRow | undefined;
  let concurrentBaseline: number | null = null;
  if (wants('concurrent')) {
    const concurrentRaw = wants('raw') ? await runRawCopy(context, concurrent, config.concurrentBytes, config.concurrency) : [];
    concurrentBaseline = baselineOf(concurrentRaw);
    concurrentRow = await runGatepostConcurrent(context, concurrent, REST_UPLOAD, concurrentBaseline);
    rows.push(...concurrentRaw, concurrentRow);
  }

  const spec = gatepostSpec(context);
  const settings = [
    `Every server is a fresh process per row (bundled, plain node), sent one 1 MiB warm-up upload first; ` +
      `"RSS before" is read after it, the peak every ${RSS_SAMPLE_MS} ms from /proc during the measured upload(s). MB = 10^6 bytes, MiB/s = 2^20 bytes/s.`,
    `gatepost: bench/servers/gatepost.ts with disk storage in a temporary FILES_DIR, MAX_UPLOAD_BYTES=${spec.env?.MAX_UPLOAD_BYTES}, ` +
      `REQUEST_TIMEOUT_MS=${spec.env?.REQUEST_TIMEOUT_MS}, LOG_LEVEL=${spec.env?.LOG_LEVEL}, the operator key as credentials; each answer's sizeBytes and sha256 are checked.`,
    'The raw copy writes the same generated bytes with stream.pipeline into a file opened with flush: true (fsync before close, as gatepost\'s disk storage does); ' +
      '"÷ raw copy" divides by it (the 1-stream figure for single uploads, the same number of parallel streams for the concurrent row). ' +
      `Each raw figure is the median of ${config.rawRounds} rounds; every server row is one upload (or one batch). sync(1) runs before every measured run.`,
    'Bare yoga (bench/peers/yoga-upload.ts) holds the whole file in memory as a File and answers its size: it writes nothing to disk or the database, ' +
      'where gatepost hashes, sniffs, fsyncs the file to disk and inserts its row — so its "÷ raw copy" is not like for like; its RSS is the point.',
    'Body: random 1 MiB blocks, repeated, streamed with Content-Length over node:http (never a whole file in the client). Client and server share the machine.',
    // The machine is shared: a busy neighbour shows here before it is blamed on gatepost.
    `1-minute load average: ${loadBefore.toFixed(2)} at the start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end.`,
  ].join('\n');
  const verdicts = judgeTargets(config, protocolRows, concurrentRow, concurrentBaseline);

  process.stdout.write(`\n${renderUploadTable(rows)}\n\nTargets:\n${renderTargets(verdicts)}\n\n${settings}\n\n${machineText}\n`);
  process.stdout.write(`\nTotal runtime: ${formatDuration((performance.now() - started) / 1000)}\n`);
  const gatepostFailed = [...protocolRows, ...(concurrentRow ? [concurrentRow] : [])].some((row) => row.failed);
  return gatepostFailed ? 1 : 0;
}

function judgeTargets(config: UploadBenchConfig, protocolRows: readonly UploadRow[], concurrentRow: UploadRow | undefined, baseline: number | null): TargetVerdict[] {
  const singleCaveat = config.singleBytes === TARGET_SINGLE_BYTES ? '' : ` (measured at ${describeSize(config.singleBytes)}, not 1 GiB: indicative only)`;
  const concurrentCaveat =
    config.concurrency === TARGET_CONCURRENT.count && config.concurrentBytes === TARGET_CONCURRENT.bytes
      ? ''
      : ` (measured as ${config.concurrency} × ${describeSize(config.concurrentBytes)}, not 10 × 100 MiB: indicative only)`;
  const verdicts: TargetVerdict[] = [];

  const measured = protocolRows.filter((row) => !row.failed && row.peakRssBytes !== null);
  const allThree = protocolRows.length === 3 && measured.length === 3;
  verdicts.push({
    label: 'peak server RSS during a 1 GiB upload < 150 MB on every protocol',
    met: allThree ? measured.every((row) => (row.peakRssBytes ?? Infinity) < 150e6) : null,
    detail:
      (protocolRows.map((row) => `${row.target.replace('gatepost ', '')} ${row.failed ? 'failed' : `${megabytes(row.peakRssBytes)} MB`}`).join(', ') || 'not run') + singleCaveat,
  });

  const concurrentOk = concurrentRow && !concurrentRow.failed ? concurrentRow : undefined;
  verdicts.push({
    label: '10 × 100 MiB: peak server RSS < 250 MB',
    met: concurrentOk?.peakRssBytes != null ? concurrentOk.peakRssBytes < 250e6 : null,
    detail: `${concurrentOk ? `${megabytes(concurrentOk.peakRssBytes)} MB` : concurrentRow ? 'failed' : 'not run'}${concurrentCaveat}`,
  });
  const rate = concurrentOk ? mibPerSecond(concurrentOk.bytes, concurrentOk.wallMs) : null;
  verdicts.push({
    label: '10 × 100 MiB: throughput ≥ 50% of the raw disk copy',
    met: rate !== null && baseline !== null ? rate >= 0.5 * baseline : null,
    detail:
      (rate !== null && baseline !== null
        ? `${rate.toFixed(0)} MiB/s vs raw ${baseline.toFixed(0)} MiB/s = ${((100 * rate) / baseline).toFixed(0)}%`
        : 'needs the concurrent and raw parts') + concurrentCaveat,
  });
  return verdicts;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(error);
} finally {
  await runCleanup();
}
process.exit(code);
