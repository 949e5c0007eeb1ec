// The gatepost server as the bench runs it: the whole pipeline on (validation, error mapping,
// request ids, one log line per request), PostgreSQL from DATABASE_URL, plus `bench.echo`.
// Prints `listening on <port>` once ready.
import { openDatabase } from '@gatepost/db';
import { buildApp, createLogger, loadConfig } from '@gatepost/server';
import { benchContract, benchHandlers } from './bench-contract';

const config = loadConfig(process.env);
const database = await openDatabase({ url: config.databaseUrl, poolSize: config.databasePoolSize });
await database.migrate();
const app = await buildApp({ database, config, logger: createLogger(config.logLevel), contract: benchContract, handlers: benchHandlers });
await app.listen({ port: config.port, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`listening on ${typeof address === 'object' && address ? address.port : config.port}\n`);
process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => database.close())
    .then(() => process.exit(0));
});
