import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readFile, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RunAs } from './run-as';

/**
 * What gatepost keeps in DATA_DIR for its embedded PostgreSQL. The cluster lives in a folder of
 * its own because initdb wants an empty one, and the log must exist before initdb runs.
 */
export interface DataFolder {
  readonly root: string;
  /** PostgreSQL's own data directory (PGDATA). */
  readonly cluster: string;
  /** The superuser's password, generated once, readable by this account only. */
  readonly passwordFile: string;
  /** Everything initdb and the server print. */
  readonly logFile: string;
  /** The pid of the gatepost process using the folder, so a second one is refused. */
  readonly ownerFile: string;
}

export function dataFolderAt(dataDir: string): DataFolder {
  const root = resolve(dataDir);
  return {
    root,
    cluster: join(root, 'data'),
    passwordFile: join(root, 'password'),
    logFile: join(root, 'postgres.log'),
    ownerFile: join(root, 'gatepost.pid'),
  };
}

/**
 * Creates the folder. It is traversable by others (0711) so that, under root, the `postgres`
 * account reaches its cluster folder; nothing else in it is readable by anyone but its owner.
 */
export async function prepareDataFolder(folder: DataFolder): Promise<void> {
  await mkdir(folder.root, { recursive: true });
  await chmod(folder.root, 0o711);
}

/** The superuser's password: made on first start (0600), the same on every start after. */
export async function passwordOf(folder: DataFolder): Promise<string> {
  try {
    return (await readFile(folder.passwordFile, 'utf8')).trim();
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  const password = randomBytes(24).toString('base64url');
  await writeFile(folder.passwordFile, `${password}\n`, { mode: 0o600, flag: 'wx' });
  return password;
}

/** Whether initdb has run to completion here (PG_VERSION is the last file it writes that we read). */
export async function isInitialised(folder: DataFolder): Promise<boolean> {
  return (await majorVersionOf(folder)) !== undefined;
}

export async function majorVersionOf(folder: DataFolder): Promise<number | undefined> {
  try {
    return Number((await readFile(join(folder.cluster, 'PG_VERSION'), 'utf8')).trim());
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/**
 * The cluster folder must belong to the account PostgreSQL runs as (PostgreSQL checks too, with
 * a less helpful message); a folder belonging to someone else is refused, never taken over.
 */
export async function checkClusterOwner(folder: DataFolder, runAs: RunAs | undefined): Promise<void> {
  const expectedUid = runAs?.uid ?? process.getuid?.();
  if (expectedUid === undefined) return;
  const owner = (await stat(folder.cluster)).uid;
  if (owner !== expectedUid) {
    throw new Error(
      `the embedded PostgreSQL's data folder ${folder.cluster} belongs to user id ${owner}, but PostgreSQL runs as user id ${expectedUid}: ` +
        "run gatepost as that folder's owner, or set DATA_DIR to a folder of your own",
    );
  }
}

/** An empty cluster folder owned by the account that runs initdb (a half-done initdb is cleared first). */
export async function freshClusterFolder(folder: DataFolder, runAs: RunAs | undefined): Promise<void> {
  await rm(folder.cluster, { recursive: true, force: true });
  await mkdir(folder.cluster, { mode: 0o700 });
  if (runAs) await chown(folder.cluster, runAs.uid, runAs.gid);
}

/** initdb reads the password from a file that the account running it can read; removed right after. */
export async function writeInitdbPasswordFile(folder: DataFolder, password: string, runAs: RunAs | undefined): Promise<string> {
  const file = join(folder.root, '.initdb-password');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  if (runAs) await chown(file, runAs.uid, runAs.gid);
  return file;
}

export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** A new cluster takes about 40 MB before any data; below this initdb would fail half-way. */
const SPACE_TO_INITIALISE = 64 * 1024 * 1024;

/**
 * Refuses to start initdb on a disk that cannot hold a cluster: on a full disk initdb cannot even
 * write its own error to the log, so the reason must be found before, not read after.
 */
export async function checkRoomToInitialise(folder: DataFolder): Promise<void> {
  const { bavail, bsize } = await statfs(folder.root);
  const free = bavail * bsize;
  if (free < SPACE_TO_INITIALISE) {
    throw new Error(
      `the disk holding ${folder.root} has ${Math.floor(free / 1024 / 1024)} MB free; a new PostgreSQL cluster needs at least ${SPACE_TO_INITIALISE / 1024 / 1024} MB`,
    );
  }
}
