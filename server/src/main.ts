// The only composition root: environment → config → logger → database → app → listen → graceful stop.
import { ConfigError, loadConfig, type AppConfig } from './config';
import { hasBuiltApp } from './http/web-app';
import { createLogger } from './logger';
import { startServer, type RunningServer } from './start';

let config: AppConfig;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

const logger = createLogger(config.logLevel);
let server: RunningServer;
try {
  server = await startServer(config, logger, {
    // Restarts already failed: exit non-zero with the reason, so a supervisor (or the person at the
    // terminal) sees it, instead of serving 503s forever.
    onDatabaseLost(error) {
      logger.fatal(error.message);
      process.stderr.write(`gatepost stopped: ${error.message}\n`);
      process.exit(1);
    },
  });
} catch (error) {
  // One line, not a stack: the message names the cause and, for the embedded server, its log file.
  logger.debug({ err: error }, 'start-up failed');
  process.stderr.write(`gatepost could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
process.stdout.write(
  [
    '',
    `gatepost is serving on ${server.url}`,
    `  database  ${server.databaseDescription}`,
    ...(hasBuiltApp(config.webDir) ? [`  demo app  ${server.url}/ (open in a browser)`] : []),
    `  tRPC      POST ${server.url}/trpc/<procedure>`,
    `  GraphQL   POST ${server.url}/graphql`,
    `  GraphiQL  ${server.url}/graphql (open in a browser)`,
    `  SDL       ${server.url}/schema.graphql`,
    `  REST      ${server.url}/api/<route>`,
    `  OpenAPI   ${server.url}/openapi.json`,
    `  API docs  ${server.url}/docs (open in a browser)`,
    '',
  ].join('\n') + '\n',
);

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping: finishing in-flight requests');
  // server.stop() ends within the timeout itself (stop-within.ts); this is the backstop should it not.
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
