import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import type { PostgresBinaries } from './binaries';
import { checkRoomToInitialise, freshClusterFolder, writeInitdbPasswordFile, type DataFolder } from './data-folder';
import type { RunAs } from './run-as';
import type { ServerLog } from './server-log';

export const SUPERUSER = 'postgres';

/**
 * Runs initdb once for a new data folder: a `postgres` superuser with the folder's password,
 * scram-sha-256 for every connection (https://www.postgresql.org/docs/current/app-initdb.html),
 * UTF-8 with the builtin C.UTF-8 locale so behaviour does not depend on the OS's locales.
 */
export async function initialiseCluster(options: {
  readonly binaries: PostgresBinaries;
  readonly folder: DataFolder;
  readonly password: string;
  readonly runAs: RunAs | undefined;
  readonly log: ServerLog;
  /** Skip initdb's fsync (tests: a crash only loses a throwaway cluster). */
  readonly durable: boolean;
}): Promise<void> {
  const { binaries, folder, runAs, log } = options;
  await checkRoomToInitialise(folder);
  await freshClusterFolder(folder, runAs);
  const passwordFile = await writeInitdbPasswordFile(folder, options.password, runAs);
  const mark = log.end();
  log.note(`initialising a new PostgreSQL ${binaries.majorVersion} cluster in ${folder.cluster}`);
  try {
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        binaries.initdb,
        [
          `--pgdata=${folder.cluster}`,
          `--username=${SUPERUSER}`,
          `--pwfile=${passwordFile}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--locale-provider=builtin',
          '--builtin-locale=C.UTF-8',
          '--locale=C',
          '--no-instructions',
          ...(options.durable ? [] : ['--no-sync']),
        ],
        { stdio: ['ignore', log.fd, log.fd], ...runAs, env: { ...process.env, LC_ALL: 'C' } },
      );
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (exitCode !== 0) throw new Error(log.lastProblem(mark));
  } finally {
    await rm(passwordFile, { force: true });
  }
}
