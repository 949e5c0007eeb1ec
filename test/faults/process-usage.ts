// What a process holds, read from Linux's /proc: its resident memory and its open sockets (every
// accepted connection is one), the two resources an idle-connection flood would use up.
import { execFile } from 'node:child_process';
import { readFile, readdir, readlink } from 'node:fs/promises';
import { promisify } from 'node:util';

/** Resident set size in bytes (VmRSS). */
export async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kib) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kib) * 1024;
}

/** File descriptors of the process that are sockets (TCP connections, the listener, the database pool). */
export async function openSockets(pid: number): Promise<number> {
  const descriptors = await readdir(`/proc/${pid}/fd`);
  let sockets = 0;
  for (const descriptor of descriptors) {
    // A descriptor may close between the listing and this look: then it is no longer open.
    const target = await readlink(`/proc/${pid}/fd/${descriptor}`).catch(() => '');
    if (target.startsWith('socket:')) sockets += 1;
  }
  return sockets;
}

/**
 * The soft and hard limits on open files (`ulimit -n`) this process and its children run under:
 * Node has no getrlimit, and a shell it starts inherits them.
 */
export async function openFileLimits(): Promise<{ soft: number; hard: number }> {
  const { stdout } = await promisify(execFile)('sh', ['-c', 'ulimit -Sn; ulimit -Hn']);
  const [soft, hard] = stdout
    .trim()
    .split('\n')
    .map((line) => (line === 'unlimited' ? Infinity : Number(line)));
  return { soft: soft ?? 0, hard: hard ?? 0 };
}
