import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from '@gatepost/db/embedded';
import { afterEach } from 'vitest';

/** initdb plus a first start on a loaded two-core machine. */
export const START_TIMEOUT_MS = 60_000;

export interface Scratch {
  /** A fresh folder, removed after the test. */
  folder(): string;
  /** An embedded server in `dataDir` (a fresh folder by default, fsync off), stopped after the test. */
  start(options?: Partial<EmbeddedPostgresOptions>): Promise<EmbeddedPostgres>;
}

/** Folders and servers for one test at a time: whatever a test made is stopped and removed after it. */
export function useScratch(): Scratch {
  const folders: string[] = [];
  const servers: EmbeddedPostgres[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.stop();
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  const folder = () => {
    const made = mkdtempSync(join(tmpdir(), 'gatepost-embedded-'));
    folders.push(made);
    return made;
  };
  return {
    folder,
    async start(options = {}) {
      const server = await startEmbeddedPostgres({ durable: false, ...options, dataDir: options.dataDir ?? folder() });
      servers.push(server);
      return server;
    },
  };
}

/** A TCP server holding a port on 127.0.0.1 (0: a free one), so something else finds it taken. */
export function occupyPort(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

export function portOf(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** The pid PostgreSQL wrote in postmaster.pid, or undefined when it is not running there. */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(join(dataDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms;) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

export const isRoot = process.getuid?.() === 0;
