// `npm run dev`: the server, restarted by `tsx watch` on every change, and Vite's dev server for
// the demo app with hot reload, which forwards the API paths to the server (web/vite.config.ts).
// Two processes, one terminal; when either stops, or on Ctrl-C, both stop.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

const server = spawn(process.execPath, [tsxCli, 'watch', 'server/src/main.ts'], { cwd: repoRoot, stdio: 'inherit' });
const vite = await createServer({ configFile: `${repoRoot}/web/vite.config.ts` });
await vite.listen();
process.stdout.write('\nThe demo app, with hot reload (API forwarded to the server):\n');
vite.printUrls();

let stopping = false;
async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (server.exitCode === null) server.kill('SIGTERM');
  await vite.close();
  process.exit(exitCode);
}

server.once('exit', (code) => void stop(code ?? 0));
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));
