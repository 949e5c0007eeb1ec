// `npm run bench:startup [-- <repository root>]`: what a new user meets first. Starts the built
// server (`node dist/server.mjs`, as `npm start` does) on a fresh data folder and again on the same
// folder, timing each until its "serving on" line, then measures the idle memory of gatepost and
// every process it started (its embedded database included): RSS summed, and PSS, which counts
// memory shared between PostgreSQL's processes once. Pass another checkout's root to compare.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readRssBytes } from './lib/process-stats';

const root = resolve(process.argv[2] ?? '.');
const ROUNDS = Number(process.env.STARTUP_ROUNDS ?? 3);
const IDLE_MS = 5_000;

execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });

function startServer(dataDir: string): Promise<{ child: ChildProcess; ms: number }> {
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/server.mjs'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('gatepost is serving on')) resolvePromise({ child, ms: performance.now() - started });
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('exit', (code) => reject(new Error(`exited ${code} before serving:\n${output}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
  child.kill('SIGTERM');
  await exited;
}

/** The pid and every descendant of it, from /proc. */
function processTree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(parent, [...(parents.get(parent) ?? []), Number(entry)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = [pid];
  for (let index = 0; index < tree.length; index++) tree.push(...(parents.get(tree[index]!) ?? []));
  return tree;
}

function pssBytes(pid: number): number {
  try {
    const match = /^Pss:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match?.[1] ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rows: string[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatepost-startup-'));
  try {
    const first = await startServer(dataDir);
    await stop(first.child);
    const later = await startServer(dataDir);
    await new Promise((resolvePromise) => setTimeout(resolvePromise, IDLE_MS));
    const tree = processTree(later.child.pid!);
    const rss = tree.reduce((sum, pid) => sum + (readRssBytes(pid) ?? 0), 0);
    const pss = tree.reduce((sum, pid) => sum + pssBytes(pid), 0);
    const gatepostRss = readRssBytes(later.child.pid!) ?? 0;
    await stop(later.child);
    rows.push(
      `| ${round} | ${(first.ms / 1000).toFixed(2)} s | ${(later.ms / 1000).toFixed(2)} s | ${tree.length} | ${mb(gatepostRss)} | ${mb(rss)} | ${mb(pss)} |`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
console.log(`\nstart-up of ${root} (node dist/server.mjs, idle ${IDLE_MS / 1000} s before measuring)\n`);
console.log('| round | first start (fresh folder) | later start | processes | gatepost RSS | all RSS | all PSS |');
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
