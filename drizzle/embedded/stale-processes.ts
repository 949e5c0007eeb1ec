import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMissing, type DataFolder } from './data-folder';

/**
 * Claims the folder for this process. A live gatepost already using it is refused (two servers
 * on one cluster would stop each other's PostgreSQL); a dead one's PostgreSQL, left running by a
 * crash or SIGKILL, is stopped so this start begins clean.
 */
export async function claimDataFolder(folder: DataFolder): Promise<void> {
  const previousOwner = await pidIn(folder.ownerFile);
  if (previousOwner !== undefined && previousOwner !== process.pid && isAlive(previousOwner) && (await runs(previousOwner, 'node'))) {
    throw new Error(
      `the embedded PostgreSQL in ${folder.root} is in use by another gatepost (process ${previousOwner}); stop it, or set DATA_DIR to another folder`,
    );
  }
  await stopLeftoverPostgres(folder);
  await writeFile(folder.ownerFile, `${process.pid}\n`, { mode: 0o600 });
}

export async function releaseDataFolder(folder: DataFolder): Promise<void> {
  if ((await pidIn(folder.ownerFile)) === process.pid) await rm(folder.ownerFile, { force: true });
}

/**
 * postmaster.pid's first line is the server's pid (https://www.postgresql.org/docs/current/storage-file-layout.html).
 * A live one is ours, orphaned: ask for a fast shutdown, then an immediate one. A dead one's file
 * is removed, since PostgreSQL refuses to start when that pid now belongs to another process.
 */
async function stopLeftoverPostgres(folder: DataFolder): Promise<void> {
  const pidFile = join(folder.cluster, 'postmaster.pid');
  const pid = await pidIn(pidFile);
  if (pid === undefined) return;
  if (isAlive(pid) && (await runs(pid, 'postgres'))) {
    for (const signal of ['SIGINT', 'SIGQUIT', 'SIGKILL'] as const) {
      signalQuietly(pid, signal);
      if (await exitsWithin(pid, 10_000)) break;
    }
  }
  await rm(pidFile, { force: true });
}

async function pidIn(file: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(file, 'utf8')).split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** On Linux, /proc says what a pid runs (a pid can be reused); elsewhere a live pid is taken at its word. */
async function runs(pid: number, program: string): Promise<boolean> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).includes(program);
  } catch {
    return process.platform !== 'linux';
  }
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

async function exitsWithin(pid: number, ms: number): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms;) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isAlive(pid);
}
