// Resource use of a server process, read straight from /proc (Linux only, like the CI machines):
// no agent inside the server, so measuring cannot change what is measured.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Resident set size in bytes (VmRSS), or null once the process is gone. */
export function readRssBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** utime + stime in clock ticks, or null once the process is gone. */
export function readCpuTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: split after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of proc(5); the slice starts at field 3.
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : null;
  } catch {
    return null;
  }
}

let ticksPerSecond: number | undefined;

/** `getconf CLK_TCK` (100 on every common Linux), asked once. */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Samples a process's RSS on an interval while a load runs and keeps the largest value. */
export class RssSampler {
  private maxBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 200,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    // A sampler must never be what keeps the bench alive.
    this.timer.unref();
  }

  /** Stops sampling; returns the maximum RSS seen, in bytes (0 if the process was never readable). */
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return this.maxBytes;
  }

  private sample(): void {
    const rss = readRssBytes(this.pid);
    if (rss !== null && rss > this.maxBytes) this.maxBytes = rss;
  }
}
