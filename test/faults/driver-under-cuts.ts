// Run as its own process (`tsx driver-under-cuts.ts <database url> <duration ms>`): postgres.js
// transactions from several workers through a proxy that cuts every connection again and again,
// as restarts of PostgreSQL do. An unpatched postgres.js 3.4.9 dies here with an uncaught
// "Cannot read properties of null (reading 'write')" or leaves queries waiting forever; the
// patched one settles every query. Prints one JSON line of counts, and exits 0 only if the
// process lived to print it and no query was left hanging.
import postgres from 'postgres';
import { startPostgresProxy, type CutStyle } from './postgres-proxy';

const [databaseUrl, durationArgument] = process.argv.slice(2);
if (!databaseUrl) throw new Error('usage: driver-under-cuts.ts <database url> [duration ms]');
const durationMs = Number(durationArgument ?? 6000);
const WORKERS = 12;
/** A query still unsettled this long after it was sent waits for nothing: it is hung. */
const HUNG_AFTER_MS = 8000;
const STYLES: readonly CutStyle[] = ['admin-shutdown', 'close', 'reset'];

const proxy = await startPostgresProxy(databaseUrl);
const sql = postgres(proxy.url, { max: 6, connect_timeout: 2, backoff: () => 0.02, onnotice: () => {} });
await sql`create table if not exists driver_cuts (id serial primary key, worker int not null, note text not null)`;

const counts = { committed: 0, failed: 0, hung: 0, cuts: 0 };
const until = Date.now() + durationMs;

async function worker(index: number): Promise<void> {
  for (let round = 0; Date.now() < until; round++) {
    // Small statements (under 1024 bytes): postgres.js defers their write to a setImmediate.
    const transaction = sql.begin(async (tx) => {
      await tx`insert into driver_cuts (worker, note) values (${index}, ${`round ${round}`})`;
      await tx`select count(*) from driver_cuts where worker = ${index}`;
    });
    const outcome = await settleWithin(transaction, HUNG_AFTER_MS);
    counts[outcome] += 1;
    if (outcome === 'hung') return;
  }
}

function settleWithin(promise: Promise<unknown>, milliseconds: number): Promise<'committed' | 'failed' | 'hung'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('hung'), milliseconds);
    promise.then(
      () => resolve('committed'),
      () => resolve('failed'),
    );
    void promise.finally(() => clearTimeout(timer)).catch(() => {});
  });
}

async function cutter(): Promise<void> {
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 60 + Math.random() * 200));
    proxy.cutAll(STYLES[counts.cuts % STYLES.length]);
    counts.cuts += 1;
  }
}

await Promise.all([cutter(), ...Array.from({ length: WORKERS }, (_, index) => worker(index))]);
process.stdout.write(`${JSON.stringify(counts)}\n`);
await sql.end({ timeout: 1 });
await proxy.close();
process.exit(counts.hung === 0 ? 0 : 2);
