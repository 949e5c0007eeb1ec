// What a server process spends while it receives uploads, read from /proc as the rest of the
// bench does (process-stats.ts): RSS before, peak RSS sampled every 50 ms (a 1 GiB upload lasts
// seconds, so the default 200 ms could miss a short peak), and CPU time, around `work`.
import { execFileSync } from 'node:child_process';
import { clockTicksPerSecond, readCpuTicks, readRssBytes, RssSampler } from './process-stats';

export interface ServerCost<T> {
  readonly result: T;
  readonly wallMs: number;
  /** RSS just before `work`, after the warm-up upload. */
  readonly idleRssBytes: number | null;
  /** Null if the process could not be read at all (it died before the first sample). */
  readonly peakRssBytes: number | null;
  /** utime + stime spent during `work`; null when the process was gone by the end. */
  readonly cpuSeconds: number | null;
}

export const RSS_SAMPLE_MS = 50;

/**
 * sync(1): writes back every dirty page first, so a run does not pay for the write-back of the
 * run before it (or of anything else on the machine) — on a VM disk that swings a 1 GiB write 2×.
 */
export function settleDisk(): void {
  execFileSync('sync');
}

export async function measureServer<T>(pid: number, work: () => Promise<T>): Promise<ServerCost<T>> {
  settleDisk();
  const idleRssBytes = readRssBytes(pid);
  const cpuBefore = readCpuTicks(pid);
  const sampler = new RssSampler(pid, RSS_SAMPLE_MS);
  sampler.start();
  const started = performance.now();
  let peak = 0;
  let result: T;
  try {
    result = await work();
  } finally {
    // Stopped on every path, so a failed run cannot leave a timer sampling a dead pid.
    peak = sampler.stop();
  }
  const wallMs = performance.now() - started;
  const cpuAfter = readCpuTicks(pid);
  return {
    result,
    wallMs,
    idleRssBytes,
    peakRssBytes: peak > 0 ? peak : null,
    cpuSeconds: cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / clockTicksPerSecond() : null,
  };
}
