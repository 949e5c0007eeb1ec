// The machine's own PostgreSQL server (Debian's postgresql-common: pg_lsclusters, pg_ctlcluster),
// restarted for real by the opt-in restart suite. Every other suite shares that server, so
// whoever restarts it must leave it running: ensureRunning() starts it if need be and waits
// until it accepts connections.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const READY_TIMEOUT_MS = 30_000;

export interface MachineCluster {
  readonly version: string;
  readonly name: string;
  readonly port: number;
}

/** The cluster listening on `port`, as pg_lsclusters lists it (never a hard-coded 15/main). */
export async function clusterOnPort(port: number): Promise<MachineCluster> {
  const { stdout } = await run('pg_lsclusters', ['--no-header']);
  for (const line of stdout.split('\n')) {
    const [version, name, listening] = line.trim().split(/\s+/);
    if (version && name && Number(listening) === port) return { version, name, port };
  }
  throw new Error(`no PostgreSQL cluster of this machine listens on port ${port}; pg_lsclusters says:\n${stdout}`);
}

/**
 * `pg_ctlcluster restart`: a fast shutdown (every session ended with FATAL 57P01, as a package
 * upgrade or a failover does), then a start. --skip-systemctl-redirect drives pg_ctl directly, as
 * .ci/run does, so it works where systemd does not run.
 */
export async function restartCluster(cluster: MachineCluster): Promise<void> {
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', cluster.version, cluster.name, 'restart']);
}

/** Starts the cluster unless it runs, and resolves once it accepts connections. */
export async function ensureRunning(cluster: MachineCluster): Promise<void> {
  if (!(await isReady(cluster))) {
    // Exit status 2 means "already running" (a restart's start may still be under way): not a failure.
    await run('pg_ctlcluster', ['--skip-systemctl-redirect', cluster.version, cluster.name, 'start']).catch(() => {});
  }
  for (const until = Date.now() + READY_TIMEOUT_MS; Date.now() < until; await sleep(200)) {
    if (await isReady(cluster)) return;
  }
  throw new Error(`PostgreSQL ${cluster.version}/${cluster.name} is not accepting connections ${READY_TIMEOUT_MS} ms after a start`);
}

async function isReady(cluster: MachineCluster): Promise<boolean> {
  try {
    await run('pg_isready', ['-h', '127.0.0.1', '-p', String(cluster.port), '-q', '-t', '2']);
    return true;
  } catch {
    return false;
  }
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
