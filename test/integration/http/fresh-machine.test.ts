// `npm start` on a fresh machine: no DATABASE_URL, an empty data folder, nothing else. The server
// starts its embedded PostgreSQL there, serves both protocols and the API reference, persists to
// the folder, and stops on SIGTERM, PostgreSQL included.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive, postmasterPid } from '../../embedded-postgres/helpers';
import { postJson, SUBMIT_CONTACT, trpcQueryPath, uniqueEmail } from './wire';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const SERVING_LINE = /gatepost is serving on (http:\/\/127\.0\.0\.1:\d+)/;

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything the process wrote, stdout and stderr, for failure messages. */
  output(): string;
}

function startLikeNpmStart(dataDir: string): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  // Its own process group, so SIGTERM reaches npm, the shell and node alike, as a terminal's Ctrl-C would.
  const child = spawn('npm', ['start'], { cwd: REPOSITORY_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "serving on" line within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = SERVING_LINE.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output });
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code ?? signal}) before serving:\n${output}`));
    });
  });
}

function isGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGroupIsGone(pid: number, milliseconds: number): Promise<boolean> {
  const deadline = Date.now() + milliseconds;
  while (Date.now() < deadline) {
    if (!isGroupAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isGroupAlive(pid);
}

async function trpcSubmit(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/trpc/contacts.submit`, postJson({ name: 'Ada', email }));
  expect(response.status).toBe(200);
  return ((await response.json()) as { result: { data: { id: string } } }).result.data.id;
}

async function graphqlSubmit(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/graphql`, postJson({ query: SUBMIT_CONTACT, variables: { input: { name: 'Grace', email } } }));
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { submitContact: { id: string } } }).data.submitContact.id;
}

describe('npm start on a fresh machine', () => {
  let dataDir: string;
  let server: Started;
  let postgresPidAtStart: number | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gatepost-fresh-'));
    server = await startLikeNpmStart(dataDir);
    postgresPidAtStart = postmasterPid(dataDir);
  }, 90_000);

  afterAll(() => {
    const pid = server?.child.pid;
    if (pid && isGroupAlive(pid)) process.kill(-pid, 'SIGKILL');
    const postgresPid = postmasterPid(dataDir);
    if (postgresPid && isAlive(postgresPid)) process.kill(postgresPid, 'SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('saves a contact over tRPC that GraphQL reads back by id', async () => {
    const email = uniqueEmail('fresh-trpc');
    const id = await trpcSubmit(server.url, email);
    const response = await fetch(
      `${server.url}/graphql`,
      postJson({ query: 'query($id: ID!) { contact(id: $id) { id email } }', variables: { id } }),
    );
    expect(await response.json()).toEqual({ data: { contact: { id, email } } });
  });

  it('saves a contact over GraphQL that tRPC reads back by id', async () => {
    const email = uniqueEmail('fresh-graphql');
    const id = await graphqlSubmit(server.url, email);
    const response = await fetch(`${server.url}${trpcQueryPath('contacts.get', { id })}`);
    expect(await response.json()).toMatchObject({ result: { data: { id, email, name: 'Grace' } } });
  });

  it('keeps its database in the data folder it was given', () => {
    expect(readdirSync(dataDir)).toEqual(expect.arrayContaining(['data', 'password', 'postgres.log']));
  });

  it('says in its banner which database it uses, and where its data and log live', () => {
    expect(server.output()).toContain(`database  embedded PostgreSQL 18 on 127.0.0.1:`);
    expect(server.output()).toContain(`data in ${dataDir}, log in ${join(dataDir, 'postgres.log')}`);
  });

  it('prints the URL of the API reference, and serves it with the OpenAPI document it reads', async () => {
    expect(server.output()).toContain(`API docs  ${server.url}/docs (open in a browser)`);
    const page = await fetch(`${server.url}/docs`);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    const document = await fetch(`${server.url}/openapi.json`);
    expect(((await document.json()) as { openapi: string }).openapi).toBe('3.1.1');
  });

  it(
    'exits, with its whole process group, within 15 s of SIGTERM',
    async () => {
      const pid = server.child.pid;
      if (!pid) throw new Error('npm start has no pid');
      process.kill(-pid, 'SIGTERM');
      const gone = await waitUntilGroupIsGone(pid, STOP_TIMEOUT_MS);
      expect(gone, `still running 15 s after SIGTERM; output:\n${server.output()}`).toBe(true);
    },
    STOP_TIMEOUT_MS + 5_000,
  );

  it('stops its embedded PostgreSQL with it, leaving no server running', () => {
    expect(postgresPidAtStart).toBeDefined();
    expect(isAlive(postgresPidAtStart ?? 0)).toBe(false);
    expect(readFileSync(join(dataDir, 'postgres.log'), 'utf8')).toContain('database system is shut down');
  });

  it('stops gracefully rather than by hitting its shutdown deadline', () => {
    // Runs after the SIGTERM above; main.ts logs this line when in-flight work outlives SHUTDOWN_TIMEOUT_MS.
    expect(server.output()).not.toContain('graceful stop timed out');
  });
});
