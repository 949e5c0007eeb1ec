import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createGatepostClient, type GatepostClient, type GatepostClientOptions } from '@gatepost/client';
import {
  buildApp,
  createLogger,
  createSimulatedPaymentProvider,
  defaultConfig,
  type AppConfig,
  type AppDeps,
  type PaymentProvider,
  type SimulatedPaymentProvider,
} from '@gatepost/server';

/** A payment provider that keeps its holds and the captures it made, so a test can count them. */
export type CountingPaymentProvider = PaymentProvider & Pick<SimulatedPaymentProvider, 'authorisations' | 'captures'>;
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { TestDatabase } from './databases';

/** The operator key every test server is started with (ADMIN_API_KEY). */
export const TEST_OPERATOR_KEY = 'test-operator-key-0123456789-abcdefghijklmnop';
export const OPERATOR_AUTHORIZATION = `Bearer ${TEST_OPERATOR_KEY}`;

export interface GatepostUnderTest extends AsyncDisposable {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly client: GatepostClient;
  readonly database: TestDatabase;
  /** The payment provider orders are paid through, with its holds and the captures it made. */
  readonly payments: CountingPaymentProvider;
  /** Every log line the server wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  /** Log lines as raw text, to search for things that must never be logged. */
  readonly rawLogs: string[];
  /**
   * A raw request, for the wire-level cases a typed client cannot send. It acts as the operator
   * (admin) unless `init.headers` carries its own `authorization`; `anonymousFetch` sends none.
   */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  anonymousFetch(path: string, init?: RequestInit): Promise<Response>;
  /** A client acting as the operator, unless `headers` says otherwise. */
  newClient(options?: Partial<GatepostClientOptions>): GatepostClient;
  /** A client with no credentials at all. */
  anonymousClient(options?: Partial<GatepostClientOptions>): GatepostClient;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly database: TestDatabase;
  readonly config?: Partial<AppConfig>;
  readonly contract?: AppDeps['contract'];
  readonly handlers?: AppDeps['handlers'];
  /** Where orders are paid, keeping its holds and captures. @default a fresh simulated provider */
  readonly payments?: CountingPaymentProvider;
  /** Where uploads are stored (a suite's disk folder or s3rver bucket, from forEachStorage). @default disk at the config's FILES_DIR */
  readonly storage?: AppDeps['storage'];
}

/** A real gatepost on port 0 with a real client: `await using gp = await startGatepost({ database })`. */
export async function startGatepost(options: StartOptions): Promise<GatepostUnderTest> {
  const rawLogs: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        rawLogs.push(line);
        logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  // Uploads go to a folder of this server's own, removed with it, unless the suite gives a storage.
  const filesDir = await mkdtemp(join(tmpdir(), 'gatepost-test-files-'));
  const defaults = defaultConfig();
  // Limits stay on (their code runs) but high enough that only a test about them meets them.
  const config = defaultConfig({
    files: { ...defaults.files, dir: filesDir },
    port: 0,
    host: '127.0.0.1',
    adminApiKey: TEST_OPERATOR_KEY,
    rateLimitPerMinute: 1_000_000,
    loginAttemptsPerMinute: 1_000,
    authFailuresPerMinute: 1_000,
    // scrypt at N=2^10, not 2^15: the suites sign up thousands of users, and the cost is a setting
    // (each hash records its own), so the code that runs is the same.
    passwordHashCost: 10,
    ...options.config,
  });
  const payments = options.payments ?? createSimulatedPaymentProvider();
  const app = await buildApp({
    database: options.database.handle,
    payments,
    config,
    logger: createLogger('info', capture),
    ...(options.contract ? { contract: options.contract } : {}),
    ...(options.handlers ? { handlers: options.handlers } : {}),
    ...(options.storage ? { storage: options.storage } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  const url = `http://127.0.0.1:${address.port}`;
  const close = async () => {
    await app.close();
    await rm(filesDir, { recursive: true, force: true });
  };
  return {
    url,
    app,
    database: options.database,
    payments,
    logs,
    rawLogs,
    client: createGatepostClient({ url, headers: { authorization: OPERATOR_AUTHORIZATION } }),
    newClient: (clientOptions) => createGatepostClient({ url, headers: { authorization: OPERATOR_AUTHORIZATION }, ...clientOptions }),
    anonymousClient: (clientOptions) => createGatepostClient({ url, ...clientOptions }),
    fetch: (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has('authorization')) headers.set('authorization', OPERATOR_AUTHORIZATION);
      return fetch(`${url}${path}`, { ...init, headers });
    },
    anonymousFetch: (path, init) => fetch(`${url}${path}`, init),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/**
 * A server for the enclosing describe block: started before its tests, closed after them.
 * The handle forwards to the running server, so tests use it like the value startGatepost gives.
 */
export function useGatepost(database: { readonly current: TestDatabase }, options: Omit<StartOptions, 'database'> = {}): GatepostUnderTest {
  let running: GatepostUnderTest | undefined;
  beforeAll(async () => {
    running = await startGatepost({ ...options, database: database.current });
  });
  afterAll(async () => {
    await running?.close();
  });
  return new Proxy({} as GatepostUnderTest, {
    get(_target, key) {
      if (!running) throw new Error('the server is not started yet (use it inside a test or hook)');
      return Reflect.get(running, key);
    },
  });
}
