// The only composition root: environment → config → logger → database → app → listen → graceful stop.
import { ConfigError, loadConfig, type AppConfig } from './config';
import { hasBuiltApp } from './http/web-app';
import { createLogger } from './logger';
import { startServer } from './start';

let config: AppConfig;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

const logger = createLogger(config.logLevel);
const server = await startServer(config, logger);
const database = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
process.stdout.write(
  [
    '',
    `gatepost is serving on ${server.url} (database: ${database})`,
    ...(hasBuiltApp(config.webDir) ? [`  demo app  ${server.url}/ (open in a browser)`] : []),
    `  tRPC      POST ${server.url}/trpc/<procedure>`,
    `  GraphQL   POST ${server.url}/graphql`,
    `  GraphiQL  ${server.url}/graphql (open in a browser)`,
    `  SDL       ${server.url}/schema.graphql`,
    '',
  ].join('\n') + '\n',
);

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping: finishing in-flight requests');
  // A request that never ends must not keep the process alive forever.
  const deadline = setTimeout(() => {
    logger.error('graceful stop timed out; exiting');
    process.exit(1);
  }, config.shutdownTimeoutMs);
  deadline.unref();
  try {
    await server.stop();
    logger.info('stopped');
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'error while stopping');
    process.exit(1);
  }
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
