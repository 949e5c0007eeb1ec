// The upload bench's runs. Every server run starts a fresh process (a previous upload's peak
// would otherwise stay in its RSS), sends one 1 MiB warm-up upload over the same wire (so lazily
// loaded code is in the "before" figure, not the peak), then measures the upload(s).
import type { OutgoingHttpHeaders } from 'node:http';
import { mkdir, rm } from 'node:fs/promises';
import { onCleanup } from './cleanup';
import { SERVERS } from './scenarios';
import { ServerStartError, startServer, type RunningServer, type ServerEnvironment, type ServerSpec } from './spawn-server';
import { median } from './stats';
import { MIB, sha256Of } from './upload-body';
import type { UploadBenchConfig } from './upload-config';
import { measureServer, settleDisk } from './upload-measure';
import { multipartBody } from './upload-multipart';
import { sendUpload, type UploadAnswer } from './upload-request';
import { describeSize, megabytes, mibPerSecond, type UploadRow } from './upload-table';
import { answerProblem, YOGA_UPLOAD, type UploadWire } from './upload-wire';
import { copyFileMs, rawWriteMs } from './raw-copy';

export interface UploadContext {
  readonly config: UploadBenchConfig;
  readonly environment: ServerEnvironment;
  /** FILES_DIR of every gatepost run; emptied after each. */
  readonly filesDir: string;
  /** Where the raw copy writes, beside filesDir on the same disk. */
  readonly rawDir: string;
  /** ADMIN_API_KEY: the operator key, a signed-in caller for files.upload. */
  readonly adminKey: string;
  readonly progress: (line: string) => void;
}

/** What one socket read hands a Node HTTP server's body (libuv reads 64 KiB at a time). */
const SOCKET_READ_BYTES = 64 * 1024;

/** The smallest file yoga is retried with after failing at a larger one. */
const YOGA_SMALLEST_RETRY_BYTES = 16 * MIB;

export function gatepostSpec(context: UploadContext): ServerSpec {
  const { config } = context;
  const largest = Math.max(config.singleBytes, config.concurrentBytes);
  return {
    ...SERVERS.gatepost,
    env: {
      ...SERVERS.gatepost.env,
      ADMIN_API_KEY: context.adminKey,
      // 2 GiB, as the README suggests for a 1 GiB file, or more for a larger UPLOAD_BENCH_SIZE_MB.
      MAX_UPLOAD_BYTES: String(Math.max(2 * 1024 * MIB, largest + MIB)),
      REQUEST_TIMEOUT_MS: String(config.timeoutMs),
      FILES_DIR: context.filesDir,
    },
  };
}

/**
 * The raw copy of `streams` × `sizeBytes` and, for one stream, fs.copyFile of the written file and
 * the same write in 64 KiB pieces: each the median of config.rawRounds rounds.
 */
export async function runRawCopy(context: UploadContext, scenario: string, sizeBytes: number, streams: number): Promise<UploadRow[]> {
  const { rawDir, config } = context;
  const total = sizeBytes * streams;
  const pipelineMs: number[] = [];
  const copyMs: number[] = [];
  const smallWritesMs: number[] = [];
  for (let round = 0; round < config.rawRounds; round++) {
    settleDisk();
    pipelineMs.push(await rawWriteMs(rawDir, sizeBytes, streams));
    if (streams === 1) {
      settleDisk();
      copyMs.push(await copyFileMs(rawDir));
      await rm(rawDir, { recursive: true, force: true });
      settleDisk();
      smallWritesMs.push(await rawWriteMs(rawDir, sizeBytes, 1, SOCKET_READ_BYTES));
    }
    await rm(rawDir, { recursive: true, force: true });
  }
  const rows = [rawRow(scenario, `raw copy: pipeline → ${streams > 1 ? `${streams} files` : 'file'} (fsync)`, total, median(pipelineMs))];
  if (streams === 1) {
    rows.push(rawRow(scenario, 'raw copy: fs.copyFile of it (+ fsync)', total, median(copyMs)));
    rows.push(rawRow(scenario, 'raw copy: pipeline → file in 64 KiB writes (fsync)', total, median(smallWritesMs)));
  }
  for (const row of rows) context.progress(`[uploads] ${scenario} ${row.target}: ${formatRate(row.bytes, row.wallMs)} (median of ${config.rawRounds})`);
  return rows;
}

/** One upload of config.singleBytes over `wire` to a fresh gatepost. */
export async function runGatepostSingle(context: UploadContext, scenario: string, wire: UploadWire, baseline: number | null): Promise<UploadRow> {
  const sizeBytes = context.config.singleBytes;
  const target = `gatepost ${wire.protocol}`;
  return withServer(context, gatepostSpec(context), { scenario, target, bytes: sizeBytes, baseline }, async (server) => {
    const warm = await warmUp(context, server, wire, gatepostHeaders(context), true);
    if (warm) return failedRow(scenario, target, sizeBytes, `warm-up failed: ${warm}`, baseline);
    const expected = sha256Of(sizeBytes);
    const cost = await measureServer(server.pid, () => upload(context, server, wire, sizeBytes, gatepostHeaders(context)));
    const problem = answerProblem(wire, cost.result, sizeBytes, expected);
    return {
      scenario,
      target,
      bytes: sizeBytes,
      wallMs: cost.wallMs,
      idleRssBytes: cost.idleRssBytes,
      peakRssBytes: cost.peakRssBytes,
      cpuSeconds: cost.cpuSeconds,
      baselineMibPerSecond: baseline,
      answer: problem ?? `${wire.okStatus}, sizeBytes + sha256 ✓`,
      failed: problem !== null,
    };
  });
}

/** config.concurrency uploads of config.concurrentBytes at once, over REST, to one fresh gatepost. */
export async function runGatepostConcurrent(context: UploadContext, scenario: string, wire: UploadWire, baseline: number | null): Promise<UploadRow> {
  const { concurrency, concurrentBytes } = context.config;
  const target = `gatepost ${wire.protocol}, ${concurrency} at once`;
  const total = concurrency * concurrentBytes;
  return withServer(context, gatepostSpec(context), { scenario, target, bytes: total, baseline }, async (server) => {
    const warm = await warmUp(context, server, wire, gatepostHeaders(context), true);
    if (warm) return failedRow(scenario, target, total, `warm-up failed: ${warm}`, baseline);
    const expected = sha256Of(concurrentBytes);
    const cost = await measureServer(server.pid, () =>
      Promise.all(Array.from({ length: concurrency }, () => upload(context, server, wire, concurrentBytes, gatepostHeaders(context)))),
    );
    const problems = cost.result.map((answer) => answerProblem(wire, answer, concurrentBytes, expected)).filter((problem) => problem !== null);
    return {
      scenario,
      target,
      bytes: total,
      wallMs: cost.wallMs,
      idleRssBytes: cost.idleRssBytes,
      peakRssBytes: cost.peakRssBytes,
      cpuSeconds: cost.cpuSeconds,
      baselineMibPerSecond: baseline,
      answer: problems.length === 0 ? `${concurrency} × ${wire.okStatus}, sizeBytes + sha256 ✓` : `${problems.length} of ${concurrency} failed: ${problems[0]}`,
      failed: problems.length > 0,
    };
  });
}

const YOGA_SCRIPT = 'bench/peers/yoga-upload.ts';

export interface YogaRun {
  /** yoga's maxRequestBodySize; undefined keeps yoga's default. */
  readonly maxRequestBodySize?: number;
  /** On failure, try again at half the size (down to 16 MiB), so the table says what it did manage. */
  readonly retrySmaller: boolean;
}

/** Bare yoga receiving config.singleBytes, each attempt on a fresh process. */
export async function runYoga(context: UploadContext, scenario: string, baseline: number | null, run: YogaRun): Promise<UploadRow[]> {
  const limit = run.maxRequestBodySize;
  const target = limit === undefined ? 'bare yoga, default maxRequestBodySize' : `bare yoga, maxRequestBodySize ${describeSize(limit)}`;
  const spec: ServerSpec = { name: 'bare yoga (uploads)', script: YOGA_SCRIPT, env: limit === undefined ? {} : { MAX_REQUEST_BODY_SIZE: String(limit) } };
  const rows: UploadRow[] = [];
  let sizeBytes = context.config.singleBytes;
  for (;;) {
    let warmUpFailed = false;
    const attempt = sizeBytes === context.config.singleBytes ? scenario : `${scenario} (yoga retried at ${describeSize(sizeBytes)})`;
    const row = await withServer(context, spec, { scenario: attempt, target, bytes: sizeBytes, baseline }, async (server) => {
      const warm = await warmUp(context, server, YOGA_UPLOAD, {}, false);
      if (warm) {
        warmUpFailed = true;
        return failedRow(attempt, target, sizeBytes, `warm-up failed: ${warm}`, baseline);
      }
      const cost = await measureServer(server.pid, () => upload(context, server, YOGA_UPLOAD, sizeBytes, {}));
      const problem = answerProblem(YOGA_UPLOAD, cost.result, sizeBytes);
      const died = server.alive() ? '' : ` — the process ${server.logTail(600)}`;
      return {
        scenario: attempt,
        target,
        bytes: sizeBytes,
        wallMs: cost.wallMs,
        idleRssBytes: cost.idleRssBytes,
        peakRssBytes: cost.peakRssBytes,
        cpuSeconds: cost.cpuSeconds,
        baselineMibPerSecond: baseline,
        answer: problem ? `${problem}${died}` : '200, size ✓ (yoga answers no hash)',
        failed: problem !== null,
      };
    });
    rows.push(row);
    // A failed warm-up would fail at any size; a success ends the search.
    const half = Math.floor(sizeBytes / 2 / MIB) * MIB;
    if (!row.failed || !run.retrySmaller || warmUpFailed || half < YOGA_SMALLEST_RETRY_BYTES) return rows;
    sizeBytes = half;
  }
}

/** What a row is about, for the row that says its server did not start. */
interface RowIdentity {
  readonly scenario: string;
  readonly target: string;
  readonly bytes: number;
  readonly baseline: number | null;
}

/**
 * Starts `spec`, runs `run`, stops it (kept on the cleanup list meanwhile); gatepost's stored files
 * are removed afterwards. A server that does not start is a failed row, not the end of the bench.
 */
async function withServer(context: UploadContext, spec: ServerSpec, identity: RowIdentity, run: (server: RunningServer) => Promise<UploadRow>): Promise<UploadRow> {
  await mkdir(context.filesDir, { recursive: true });
  let server: RunningServer;
  try {
    server = await startServer(spec, context.environment);
  } catch (error) {
    if (!(error instanceof ServerStartError)) throw error;
    context.progress(`[uploads] ${identity.scenario} ${identity.target}: did not start\n${error.message}`);
    return failedRow(identity.scenario, identity.target, identity.bytes, `did not start: ${error.message.split('\n')[0]}`, identity.baseline);
  }
  const unregister = onCleanup(() => server.stop());
  try {
    const row = await run(server);
    context.progress(
      `[uploads] ${row.scenario} ${row.target}: ${row.failed ? `FAILED (${row.answer})` : formatRate(row.bytes, row.wallMs)}, peak RSS ${megabytes(row.peakRssBytes)} MB`,
    );
    if (row.failed && !server.alive()) context.progress(server.logTail());
    return row;
  } finally {
    unregister();
    await server.stop();
    await rm(context.filesDir, { recursive: true, force: true });
  }
}

/** A 1 MiB upload, unmeasured; null when it was answered as expected, else why not. */
async function warmUp(context: UploadContext, server: RunningServer, wire: UploadWire, headers: OutgoingHttpHeaders, checkHash: boolean): Promise<string | null> {
  const answer = await upload(context, server, wire, MIB, headers);
  return answerProblem(wire, answer, MIB, checkHash ? sha256Of(MIB) : undefined);
}

function upload(context: UploadContext, server: RunningServer, wire: UploadWire, sizeBytes: number, headers: OutgoingHttpHeaders): Promise<UploadAnswer> {
  const body = multipartBody(wire.fields, { field: wire.fileField, sizeBytes });
  return sendUpload(new URL(wire.path, server.baseUrl), body, { accept: 'application/json', ...headers }, context.config.timeoutMs);
}

function gatepostHeaders(context: UploadContext): OutgoingHttpHeaders {
  return { authorization: `Bearer ${context.adminKey}` };
}

function rawRow(scenario: string, target: string, bytes: number, wallMs: number): UploadRow {
  return { scenario, target, bytes, wallMs, idleRssBytes: null, peakRssBytes: null, cpuSeconds: null, baselineMibPerSecond: null, answer: '—', failed: false };
}

function failedRow(scenario: string, target: string, bytes: number, answer: string, baseline: number | null): UploadRow {
  return { scenario, target, bytes, wallMs: null, idleRssBytes: null, peakRssBytes: null, cpuSeconds: null, baselineMibPerSecond: baseline, answer, failed: true };
}

function formatRate(bytes: number, wallMs: number | null): string {
  const rate = mibPerSecond(bytes, wallMs);
  return `${describeSize(bytes)} in ${((wallMs ?? 0) / 1000).toFixed(2)} s = ${rate === null ? '—' : rate.toFixed(0)} MiB/s`;
}

/** The raw rows' MiB/s, for the rows divided by it: the pipeline figure (the like-for-like one), or null. */
export function baselineOf(rows: readonly UploadRow[]): number | null {
  const pipelineRow = rows.find((row) => row.target.startsWith('raw copy: pipeline'));
  return pipelineRow ? mibPerSecond(pipelineRow.bytes, pipelineRow.wallMs) : null;
}
