// The embedded PostgreSQL killed under a running gatepost: calls get 503 UNAVAILABLE with
// Retry-After (never a crash, never a 500), gatepost starts the server again on the same port,
// and the next calls succeed with no restart of gatepost itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DatabaseHandle } from '@gatepost/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';
import { isAlive, postmasterPid, START_TIMEOUT_MS, waitUntil } from './helpers';

const contact = (name: string) => JSON.stringify({ name, email: `${name.toLowerCase()}@example.com`, message: 'Hello' });

async function submit(gp: GatepostUnderTest, name: string): Promise<Response> {
  return gp.fetch('/trpc/contacts.submit', { method: 'POST', headers: { 'content-type': 'application/json' }, body: contact(name) });
}

describe('a gatepost whose embedded PostgreSQL is killed', () => {
  let dataDir: string;
  let handle: DatabaseHandle;
  let gp: GatepostUnderTest;
  const restarts: string[] = [];

  beforeAll(async () => {
    // The server lives for the whole describe block, so its folder does too (not a per-test scratch one).
    dataDir = mkdtempSync(join(tmpdir(), 'gatepost-killed-'));
    handle = await openDatabase({ embedded: { dataDir, durable: false, onRestart: (line) => restarts.push(line) }, poolSize: 4 });
    await handle.migrate();
    const embedded = handle.embedded!;
    gp = await startGatepost({ database: { kind: 'embedded', handle, url: embedded.url, close: () => handle.close() } });
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await gp?.close();
    await handle?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'answers 503 UNAVAILABLE with Retry-After while it is down, then serves again once it is back',
    async () => {
      expect((await submit(gp, 'Before')).status).toBe(200);
      const killed = postmasterPid(dataDir)!;
      process.kill(killed, 'SIGKILL');
      await waitUntil(() => !isAlive(killed), 5_000);

      const during = await submit(gp, 'During');
      const body = (await during.json()) as { error: { data: { code: string } } };
      expect(during.status).toBe(503);
      expect(Number(during.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(body.error.data.code).toBe('UNAVAILABLE');

      const back = await waitUntil(() => {
        const pid = postmasterPid(dataDir);
        return pid !== undefined && pid !== killed && isAlive(pid);
      }, 20_000);
      expect(back).toBe(true);
      let after: Response | undefined;
      for (let attempt = 0; attempt < 40 && after?.status !== 200; attempt++) {
        after = await submit(gp, 'After');
        if (after.status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(after?.status).toBe(200);
      expect(restarts).toEqual([
        expect.stringMatching(/embedded PostgreSQL stopped unexpectedly; restarting it on port \d+ \(log: .*postgres\.log\)/),
      ]);
    },
    START_TIMEOUT_MS,
  );
});
