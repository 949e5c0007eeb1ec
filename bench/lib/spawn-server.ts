// Starts one server script as its own Node process and waits for `listening on <port>`.
// Every server — gatepost and each peer alike — is first bundled with esbuild (scripts/bundle.ts,
// as `npm start` runs gatepost) and run with plain `node`, so none pays the tsx loader's hooks
// thread (~48 MB RSS) and the pid we sample is the server itself.
// stdout/stderr go to a log file, not a pipe: the bench never has to keep up with the server's
// logging, so a busy bench process cannot stall a server that writes one line per request.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bundle } from '../../scripts/bundle';

export interface ServerSpec {
  /** Name in the table. */
  readonly name: string;
  /** Script path relative to the repository root. */
  readonly script: string;
  /** Extra environment (e.g. gatepost's LOG_LEVEL). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface ServerEnvironment {
  readonly repoRoot: string;
  readonly databaseUrl: string;
  readonly poolSize: number;
  readonly startTimeoutMs: number;
}

export interface RunningServer {
  readonly spec: ServerSpec;
  readonly pid: number;
  readonly port: number;
  readonly baseUrl: string;
  /** True while the process has not exited. */
  alive(): boolean;
  /** How it ended (if it did) and the last bytes it wrote (stderr if any, else stdout), for a failure report. */
  logTail(bytes?: number): string;
  /** SIGTERM, then SIGKILL after a grace period; removes the log unless asked to keep it. */
  stop(options?: { keepLog?: boolean }): Promise<void>;
}

export class ServerStartError extends Error {
  override readonly name = 'ServerStartError';
}

const LISTENING = /^listening on (\d+)$/m;

const bundles = new Map<string, Promise<string>>();

/** The script bundled once per bench run, inside the repository so it resolves node_modules. */
function bundled(script: string): Promise<string> {
  let path = bundles.get(script);
  if (!path) {
    const outfile = `dist/bench/${script.replace(/[^\w.-]+/g, '_').replace(/\.ts$/, '')}.mjs`;
    path = bundle(script, outfile).then(() => outfile);
    bundles.set(script, path);
  }
  return path;
}

export async function startServer(spec: ServerSpec, environment: ServerEnvironment): Promise<RunningServer> {
  const script = await bundled(spec.script);
  const stem = join(tmpdir(), `gatepost-bench-${spec.name.replace(/[^\w.-]+/g, '_')}-${process.pid}-${Date.now()}`);
  // Separate files: a crash's stack lands on stderr, and must not drown in request log lines.
  const logPath = `${stem}.out.log`;
  const errorPath = `${stem}.err.log`;
  const outFd = openSync(logPath, 'a');
  const errFd = openSync(errorPath, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [script], {
      cwd: environment.repoRoot,
      stdio: ['ignore', outFd, errFd],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        ...spec.env,
        PORT: '0',
        DATABASE_URL: environment.databaseUrl,
        DATABASE_POOL_SIZE: String(environment.poolSize),
      },
    });
  } finally {
    // The child holds its own copies of the descriptors.
    closeSync(outFd);
    closeSync(errFd);
  }

  let exit: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
    child.once('error', (error) => {
      exit = `could not run: ${error.message}`;
      resolve();
    });
  });
  const alive = () => exit === undefined;
  const logTail = (bytes = 1500): string => {
    const tail = (path: string) => {
      try {
        const text = readFileSync(path, 'utf8');
        return text.length > bytes ? `…${text.slice(-bytes)}` : text;
      } catch {
        return '';
      }
    };
    const stderr = tail(errorPath).trim();
    return [exit ? `[${exit}]` : '', stderr ? `stderr (${errorPath}):\n${stderr}` : `stdout (${logPath}):\n${tail(logPath).trim()}`]
      .filter(Boolean)
      .join('\n');
  };

  let stopped: Promise<void> | undefined;
  const stop = (options: { keepLog?: boolean } = {}): Promise<void> =>
    (stopped ??= (async () => {
      if (alive()) {
        child.kill('SIGTERM');
        const ended = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
        if (!ended) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      if (!options.keepLog) {
        rmSync(logPath, { force: true });
        rmSync(errorPath, { force: true });
      }
    })());

  const deadline = Date.now() + environment.startTimeoutMs;
  let port: number | undefined;
  while (port === undefined) {
    const match = LISTENING.exec(readLogHead(logPath));
    if (match?.[1]) {
      port = Number(match[1]);
      break;
    }
    if (!alive() || Date.now() > deadline) {
      const reason = alive() ? `did not print "listening on <port>" within ${environment.startTimeoutMs} ms` : 'exited before listening';
      await stop({ keepLog: true });
      throw new ServerStartError(`${spec.name} (${spec.script}) ${reason}\n${logTail()}`);
    }
    await sleep(25);
  }

  if (child.pid === undefined) throw new ServerStartError(`${spec.name}: no pid`);
  return { spec, pid: child.pid, port, baseUrl: `http://127.0.0.1:${port}`, alive, logTail, stop };
}

/** The first 64 KiB of the log: the ready line comes before any request is logged. */
function readLogHead(path: string): string {
  try {
    if (statSync(path).size === 0) return '';
    return readFileSync(path, 'utf8').slice(0, 65_536);
  } catch {
    return '';
  }
}
