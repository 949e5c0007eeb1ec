import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PostgresBinaries } from './binaries';
import type { DataFolder } from './data-folder';
import type { RunAs } from './run-as';
import type { ServerLog } from './server-log';

export interface RunningPostgres {
  readonly child: ChildProcess;
  /** Resolves when the server process has exited, for whatever reason. */
  readonly exited: Promise<void>;
  /** Fast shutdown (SIGINT: roll back open transactions, close sessions), escalating if it hangs. */
  stop(): Promise<void>;
}

export class PortTakenError extends Error {
  override readonly name = 'PortTakenError';
}

/**
 * Starts `postgres` on 127.0.0.1:port only, with no Unix socket (nothing to clash with a system
 * server's /var/run/postgresql), and waits until it accepts connections.
 */
export async function startPostgresProcess(options: {
  readonly binaries: PostgresBinaries;
  readonly folder: DataFolder;
  readonly port: number;
  readonly runAs: RunAs | undefined;
  readonly log: ServerLog;
  readonly settings: Readonly<Record<string, string>>;
  readonly startTimeoutMs: number;
}): Promise<RunningPostgres> {
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', ...options.settings };
  const args = ['-D', options.folder.cluster, '-p', String(options.port)];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
  const mark = options.log.end();
  options.log.note(`starting PostgreSQL ${options.binaries.majorVersion} on 127.0.0.1:${options.port}`);
  const child = spawn(options.binaries.postgres, args, {
    stdio: ['ignore', options.log.fd, options.log.fd],
    // Its own process group: a Ctrl-C in the terminal reaches gatepost, which drains its requests
    // and only then stops PostgreSQL, instead of PostgreSQL shutting down under them.
    detached: true,
    ...options.runAs,
    env: { ...process.env, LC_ALL: 'C' },
  });
  // gatepost's lifetime does not wait on it; stop() and the exit hook below end it.
  child.unref();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));
  const killOnExit = () => child.kill('SIGQUIT');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  try {
    await Promise.race([
      untilReady(options.folder, child, options.startTimeoutMs),
      spawnFailed,
      exited.then(() => Promise.reject(failure(options.log, mark, options.port))),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      for (const [signal, waitMs] of [
        ['SIGINT', 10_000],
        ['SIGQUIT', 5_000],
        ['SIGKILL', 5_000],
      ] as const) {
        child.kill(signal);
        if (await within(exited, waitMs)) return;
      }
    },
  };
}

function failure(log: ServerLog, mark: number, port: number): Error {
  if (/could not bind .*Address already in use/i.test(log.readFrom(mark))) return new PortTakenError(`port ${port} on 127.0.0.1 is taken`);
  return new Error(log.lastProblem(mark));
}

/**
 * postmaster.pid's eighth line is the server's status, "ready" once it accepts connections
 * (https://www.postgresql.org/docs/current/storage-file-layout.html): what `pg_ctl start -w` waits for.
 */
async function untilReady(folder: DataFolder, child: ChildProcess, timeoutMs: number): Promise<void> {
  const pidFile = join(folder.cluster, 'postmaster.pid');
  for (const started = Date.now(); Date.now() - started < timeoutMs;) {
    const lines = await readFile(pidFile, 'utf8').then(
      (text) => text.split('\n'),
      () => [],
    );
    if (Number(lines[0]) === child.pid && lines[7]?.trim() === 'ready') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`it was not ready after ${timeoutMs} ms`);
}

async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const result = await Promise.race([promise.then(() => true), timedOut]);
  clearTimeout(timer);
  return result;
}
