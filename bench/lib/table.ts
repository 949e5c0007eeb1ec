// The result table, as Markdown: readable in a terminal, pasted as-is into BENCHMARKS.md.
import type { ScenarioResult, TargetSummary } from './run-scenario';

const HEADER = [
  'scenario',
  'server',
  'throughput',
  'p50 ms',
  'p99 ms',
  'server RSS MB',
  'server CPU µs/req',
  'gatepost ÷ peer',
  'failures',
];

export function renderTable(results: readonly ScenarioResult[]): string {
  const rows: string[][] = [];
  for (const { scenario, targets } of results) {
    if (scenario.skipped) {
      rows.push([scenario.name, '—', `skipped ${scenario.skipped}`, '', '', '', '', '', '']);
      continue;
    }
    const gatepost = targets.find((target) => target.isGatepost);
    for (const target of targets) {
      rows.push([
        scenario.name,
        target.name,
        target.failed ? '**FAILED**' : `${formatInteger(target.throughput)} ${scenario.unit}`,
        formatMs(target.p50Ms),
        formatMs(target.p99Ms),
        target.rssMb === null ? '—' : formatInteger(target.rssMb),
        target.cpuMicrosPerRequest === null ? '—' : formatInteger(target.cpuMicrosPerRequest),
        ratio(gatepost, target),
        String(target.failures),
      ]);
    }
  }
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(HEADER), line(HEADER.map((_, index) => (index >= 2 ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

/** Each target's failure notes, for below the table: what went wrong, not just that it did. */
export function renderFailureNotes(results: readonly ScenarioResult[]): string {
  const blocks = results.flatMap(({ scenario, targets }) =>
    targets
      .filter((target) => target.notes.length > 0)
      .map((target) => `- ${scenario.name} / ${target.name}:\n    ${target.notes.join('\n').split('\n').join('\n    ')}`),
  );
  return blocks.join('\n');
}

/** gatepost's throughput over the peer's: below 1 means gatepost is slower. */
function ratio(gatepost: TargetSummary | undefined, peer: TargetSummary): string {
  if (!gatepost || peer === gatepost) return '—';
  if (gatepost.throughput === null || peer.throughput === null || peer.throughput === 0) return '—';
  return `${(gatepost.throughput / peer.throughput).toFixed(2)}×`;
}

function formatInteger(value: number | null): string {
  return value === null || Number.isNaN(value) ? '—' : Math.round(value).toLocaleString('en-US');
}

function formatMs(value: number | null): string {
  if (value === null || Number.isNaN(value)) return '—';
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}
