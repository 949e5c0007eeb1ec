import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';
import { startGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';

let folder: string;
let database: TestDatabase;
let gp: GatepostUnderTest;
let port: number;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'gatepost-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-days',
      '1',
      '-keyout',
      join(folder, 'key.pem'),
      '-out',
      join(folder, 'cert.pem'),
    ],
    {
      stdio: 'ignore',
    },
  );
  database = await createTestDatabase('embedded');
  gp = await startGatepost({ database, config: { tls: { certFile: join(folder, 'cert.pem'), keyFile: join(folder, 'key.pem') } } });
  port = Number(new URL(gp.url).port);
});
afterAll(async () => {
  await gp.close();
  await database.close();
  rmSync(folder, { recursive: true, force: true });
});

/** A POST over TLS that accepts the self-signed test certificate. */
function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        rejectUnauthorized: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

it('serves a tRPC mutation over HTTPS with the configured certificate', async () => {
  const answer = await post('/trpc/contacts.submit', { name: 'Tls', email: 'tls@example.com' });
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.body)).toMatchObject({ result: { data: { name: 'Tls' } } });
});

it('serves a GraphQL mutation over HTTPS', async () => {
  const answer = await post('/graphql', { query: 'mutation { submitContact(input: { name: "Tls", email: "tls@example.com" }) { name } }' });
  expect(JSON.parse(answer.body)).toEqual({ data: { submitContact: { name: 'Tls' } } });
});

it('marks the session cookie Secure under TLS', async () => {
  const email = `tls.${Date.now()}@example.com`;
  await post('/trpc/auth.register', { email, password: 'correct horse battery', displayName: 'Tls' });
  const answer = await post('/trpc/auth.login', { email, password: 'correct horse battery' });
  expect(String(answer.headers['set-cookie'])).toMatch(/gatepost_session=.*; Secure/);
});

it('refuses plain HTTP on the TLS port', async () => {
  await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
});

it('refuses to start with only one of TLS_CERT_FILE and TLS_KEY_FILE', () => {
  expect(() => loadConfig({ TLS_CERT_FILE: '/tmp/cert.pem' })).toThrow(/TLS_CERT_FILE and TLS_KEY_FILE go together/);
});
