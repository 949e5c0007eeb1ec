// Rewrites only the generated part of BENCHMARKS.md, between its markers; the prose around it is
// written by people and stays as they wrote it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const START_MARKER = '<!-- bench:start -->';
export const END_MARKER = '<!-- bench:end -->';

export function writeBenchmarksSection(path: string, section: string): void {
  const block = `${START_MARKER}\n${section.trim()}\n${END_MARKER}`;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(START_MARKER);
  const end = current.indexOf(END_MARKER);
  const next =
    start !== -1 && end > start
      ? `${current.slice(0, start)}${block}${current.slice(end + END_MARKER.length)}`
      : `${current.trimEnd()}\n\n## Latest results\n\n${block}\n`;
  writeFileSync(path, next);
}
