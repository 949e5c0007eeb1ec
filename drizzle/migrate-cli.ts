// `npm run db:migrate`: applies migrations to DATABASE_URL (or the embedded database in DATA_DIR) and exits.
import { openDatabase } from './database';

const handle = await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR ?? '.gatepost/data' });
await handle.migrate();
await handle.close();
console.log(`migrations applied (${handle.driver})`);
