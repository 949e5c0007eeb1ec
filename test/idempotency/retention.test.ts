import { randomUUID } from 'node:crypto';
import { tables } from '@gatepost/db';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { idempotencyKeyCount } from '../helpers/commerce';
import { forEachDatabase } from '../helpers/databases';
import { dataOf, rawOperation } from '../helpers/raw-operation';
import { useGatepost } from '../helpers/start-gatepost';

const RETENTION_SECONDS = 1;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

forEachDatabase((database) => {
  const gp = useGatepost(database, { config: { idempotencyRetentionSeconds: RETENTION_SECONDS } });
  const contact = () => ({ name: 'Ada', email: `retention.${randomUUID()}@example.com` });

  it('runs a request again once its key has expired, even with another payload', async () => {
    const key = randomUUID();
    dataOf(await rawOperation(gp, 'trpc', 'contacts.submit', contact(), { 'idempotency-key': key }));
    await sleep(RETENTION_SECONDS * 1000 + 300);
    const later = contact();
    const answer = await rawOperation(gp, 'trpc', 'contacts.submit', later, { 'idempotency-key': key });
    expect(dataOf(answer)).toMatchObject({ email: later.email });
    expect(answer.headers.get('idempotent-replayed')).toBeNull();
    const rows = await database.current.handle.db.select().from(tables.contacts).where(eq(tables.contacts.email, later.email));
    expect(rows).toHaveLength(1);
  });

  it('purges expired keys from the table while the server runs', async () => {
    dataOf(await rawOperation(gp, 'trpc', 'contacts.submit', contact(), { 'idempotency-key': randomUUID() }));
    expect(await idempotencyKeyCount(database.current)).toBeGreaterThan(0);
    const deadline = Date.now() + 10_000;
    while ((await idempotencyKeyCount(database.current)) > 0 && Date.now() < deadline) await sleep(250);
    expect(await idempotencyKeyCount(database.current)).toBe(0);
  });
});
