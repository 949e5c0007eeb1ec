// Runs once before the suite: says plainly when the PostgreSQL half will be skipped.
export default function announceDatabases(): void {
  if (!process.env.TEST_REDIS_URL) {
    console.warn('\n[gatepost] Redis rate-limit cases skipped: TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379).\n');
  }
  if (!process.env.TEST_DATABASE_URL) {
    console.warn(
      '\n[gatepost] PostgreSQL suites skipped: TEST_DATABASE_URL is not set. ' +
        'Run `TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test` to include them.\n',
    );
  }
}
