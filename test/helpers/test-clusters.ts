// The PostgreSQL servers a test run uses, set up once per run by global-setup.ts: the embedded
// one (always) and the external one at TEST_DATABASE_URL (when set). Each holds a migrated
// template database, and every test file gets a fresh copy of it (CREATE DATABASE … TEMPLATE):
// a file's data never meets another's, and no file pays for the migrations again.
import { randomBytes } from 'node:crypto';
import { openDatabase } from '@gatepost/db';
import postgres from 'postgres';
import { inject } from 'vitest';

export type DatabaseKind = 'embedded' | 'postgres';

export interface TestCluster {
  /** A URL to the cluster's `postgres` database, for CREATE/DROP DATABASE. */
  readonly adminUrl: string;
  /** The migrated database every test file copies. */
  readonly template: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    testClusters: Partial<Record<DatabaseKind, TestCluster>>;
  }
}

export function testCluster(kind: DatabaseKind): TestCluster {
  const cluster = inject('testClusters')[kind];
  if (!cluster)
    throw new Error(
      `no ${kind} test cluster: it is set up by test/helpers/global-setup.ts${kind === 'postgres' ? ' when TEST_DATABASE_URL is set' : ''}`,
    );
  return cluster;
}

/** Creates the template on a cluster and applies every migration to it. */
export async function createTemplate(adminUrl: string): Promise<TestCluster> {
  const template = `gatepost_template_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.unsafe(`create database "${template}"`));
  const handle = await openDatabase({ url: databaseUrl(adminUrl, template), poolSize: 1 });
  try {
    await handle.migrate();
  } finally {
    await handle.close();
  }
  return { adminUrl, template };
}

export async function dropTemplate(cluster: TestCluster): Promise<void> {
  await withAdmin(cluster.adminUrl, (admin) => admin.unsafe(`drop database if exists "${cluster.template}" with (force)`));
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(adminUrl: string, use: (admin: postgres.Sql) => Promise<T>): Promise<T> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    return await use(admin);
  } finally {
    await admin.end();
  }
}
