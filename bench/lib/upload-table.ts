// The upload bench's results as Markdown: one row per measured run, then the targets each met or
// missed. Throughput in MiB/s (sizes are powers of two); RSS in MB = 10^6 bytes, the unit the
// targets are stated in, so a "< 150 MB" line compares the number printed beside it.
import { MIB } from './upload-body';

export interface UploadRow {
  readonly scenario: string;
  readonly target: string;
  /** Bytes of file content sent (all uploads of the row together). */
  readonly bytes: number;
  readonly wallMs: number | null;
  readonly idleRssBytes: number | null;
  readonly peakRssBytes: number | null;
  readonly cpuSeconds: number | null;
  /** The raw disk copy this row is divided by (MiB/s), if any. */
  readonly baselineMibPerSecond: number | null;
  /** What the answer was, checked: `201, size + sha256 ✓`, or what went wrong. */
  readonly answer: string;
  readonly failed: boolean;
}

export interface TargetVerdict {
  readonly label: string;
  /** Null when the run that decides it did not happen or failed. */
  readonly met: boolean | null;
  readonly detail: string;
}

const HEADER = ['scenario', 'target', 'size', 'wall s', 'MiB/s', '÷ raw copy', 'server RSS before MB', 'server peak RSS MB', 'server CPU s', 'answer'];

export function mibPerSecond(bytes: number, wallMs: number | null): number | null {
  return wallMs === null || wallMs <= 0 ? null : bytes / MIB / (wallMs / 1000);
}

export function renderUploadTable(rows: readonly UploadRow[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const body = rows.map((row) => {
    const rate = row.failed ? null : mibPerSecond(row.bytes, row.wallMs);
    return line([
      row.scenario,
      row.target,
      describeSize(row.bytes),
      row.wallMs === null ? '—' : (row.wallMs / 1000).toFixed(2),
      rate === null ? (row.failed ? '**FAILED**' : '—') : rate.toFixed(0),
      rate === null || row.baselineMibPerSecond === null ? '—' : `${(rate / row.baselineMibPerSecond).toFixed(2)}×`,
      megabytes(row.idleRssBytes),
      megabytes(row.peakRssBytes),
      row.cpuSeconds === null ? '—' : row.cpuSeconds.toFixed(2),
      row.answer.replaceAll('|', '\\|').replaceAll('\n', ' '),
    ]);
  });
  return [line(HEADER), line(HEADER.map((_, index) => (index >= 2 && index <= 8 ? '---:' : '---'))), ...body].join('\n');
}

export function renderTargets(verdicts: readonly TargetVerdict[]): string {
  return verdicts
    .map((verdict) => `- ${verdict.met === null ? 'NOT MEASURED' : verdict.met ? 'met' : 'MISSED'}: ${verdict.label} — ${verdict.detail}`)
    .join('\n');
}

export function megabytes(bytes: number | null): string {
  return bytes === null ? '—' : (bytes / 1e6).toFixed(0);
}

export function describeSize(bytes: number): string {
  if (bytes >= 1024 * MIB && bytes % (1024 * MIB) === 0) return `${bytes / (1024 * MIB)} GiB`;
  return bytes % MIB === 0 ? `${bytes / MIB} MiB` : `${bytes} B`;
}
