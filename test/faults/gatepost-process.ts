// gatepost as its own process (server/src/main.ts under tsx, as `npm run dev` runs it), so a fault
// that kills a process kills gatepost and not the test, and "the process survived" can be asserted.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../server/src/main.ts', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const SERVING_LINE = /gatepost is serving on (http:\/\/127\.0\.0\.1:(\d+))/;

export interface GatepostProcess {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** Whether it is still running. */
  isRunning(): boolean;
  /** Everything it wrote, stdout and stderr together, for failure messages. */
  output(): string;
  /** SIGKILL, no goodbye: what `kill -9` or the OOM killer does. */
  kill(): Promise<void>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

export interface GatepostProcessOptions {
  readonly databaseUrl: string;
  /** @default 0: a free port */
  readonly port?: number;
  /** More environment, e.g. `DATABASE_CONNECT_TIMEOUT_MS`. */
  readonly env?: Readonly<Record<string, string>>;
}

export function startGatepostProcess(options: GatepostProcessOptions): Promise<GatepostProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    PORT: String(options.port ?? 0),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    WEB_DIR: '',
    // The load comes from one address: the per-client limit is not what these suites measure.
    RATE_LIMIT_PER_MINUTE: '0',
    // scrypt at N=2^10: the suites sign up dozens of users; each hash records its own cost.
    PASSWORD_HASH_COST: '10',
    ...options.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let exitedWith: number | string | undefined;
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      exitedWith = code ?? signal ?? 'unknown';
      resolve(exitedWith);
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gatepost did not serve within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = SERVING_LINE.exec(output);
      if (!match?.[1] || !match[2]) return;
      clearTimeout(timer);
      child.stdout.off('data', collect);
      child.stdout.on('data', (more: Buffer) => (output += more.toString('utf8')));
      resolve({
        url: match[1],
        port: Number(match[2]),
        child,
        exited,
        isRunning: () => exitedWith === undefined,
        output: () => output,
        async kill() {
          if (exitedWith === undefined) child.kill('SIGKILL');
          await exited;
        },
        async stop() {
          if (exitedWith === undefined) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gatepost exited (${code}) before serving:\n${output}`));
    });
  });
}
