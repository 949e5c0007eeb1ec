// Runs once before the suite, in the main process: starts the run's embedded PostgreSQL (a
// throwaway cluster, fsync off), migrates a template database on it and on TEST_DATABASE_URL's
// server, and says plainly which suites will be skipped. Stopped and removed after the run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '@gatepost/db/embedded';
import type { TestProject } from 'vitest/node';
import { createTemplate, dropTemplate, type TestCluster } from './test-clusters';

export default async function setUpTestClusters(project: TestProject): Promise<() => Promise<void>> {
  if (!process.env.TEST_REDIS_URL) {
    console.warn('\n[gatepost] Redis rate-limit cases skipped: TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379).\n');
  }
  if (!process.env.TEST_DATABASE_URL) {
    console.warn(
      '\n[gatepost] PostgreSQL suites skipped: TEST_DATABASE_URL is not set. ' +
        'Run `TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test` to include them.\n',
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'gatepost-test-pg-'));
  const embedded = await startEmbeddedPostgres({
    dataDir,
    durable: false,
    // Every test file opens pools of its own, and the concurrency suites open several.
    settings: { max_connections: '400' },
  });
  const clusters: { embedded: TestCluster; postgres?: TestCluster } = { embedded: await createTemplate(embedded.url) };
  if (process.env.TEST_DATABASE_URL) clusters.postgres = await createTemplate(process.env.TEST_DATABASE_URL);
  project.provide('testClusters', clusters);

  return async function tearDownTestClusters() {
    if (clusters.postgres) await dropTemplate(clusters.postgres);
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
