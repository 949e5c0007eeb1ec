// The machine a table was measured on: numbers without it cannot be compared with anything.
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';

export interface MachineInfo {
  readonly cpuCount: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly postgres: string;
}

export function describeMachine(postgresVersion: string): MachineInfo {
  return {
    // nproc's answer: the CPUs this process may run on (affinity included), not the host's total.
    cpuCount: availableParallelism(),
    cpuModel: cpuModelName(),
    memoryGiB: totalmem() / 1024 ** 3,
    node: process.version,
    postgres: postgresVersion,
  };
}

function cpuModelName(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1]) return match[1].trim();
  } catch {
    // Not Linux: fall back to what Node knows.
  }
  return cpus()[0]?.model ?? 'unknown';
}

export function renderMachine(machine: MachineInfo): string {
  return [
    `- CPU: ${machine.cpuCount} × ${machine.cpuModel}`,
    `- memory: ${machine.memoryGiB.toFixed(1)} GiB`,
    `- Node.js: ${machine.node}`,
    `- PostgreSQL: ${machine.postgres}`,
  ].join('\n');
}
