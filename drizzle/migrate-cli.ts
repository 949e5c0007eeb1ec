// `npm run db:migrate`: applies migrations to DATABASE_URL (or the embedded PostgreSQL in DATA_DIR) and exits.
import { openDatabase } from './database';

const handle = await openDatabase({
  url: process.env.DATABASE_URL,
  embedded: { dataDir: process.env.DATA_DIR ?? '.gatepost/pg' },
});
try {
  await handle.migrate();
  console.log(`migrations applied (${handle.embedded ? `embedded PostgreSQL in ${handle.embedded.dataDir}` : 'DATABASE_URL'})`);
} finally {
  await handle.close();
}
