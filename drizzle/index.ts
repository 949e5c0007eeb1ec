export {
  openDatabase,
  migrationsFolder,
  DEFAULT_DATABASE_TIMEOUTS,
  type Database,
  type DatabaseHandle,
  type DatabaseTimeouts,
  type OpenDatabaseOptions,
  type Schema,
} from './database';
export { mapDatabaseError, findDatabaseError, isWriteCollision } from './pg-errors';
export * as tables from './schema/index';
export { perDatabase } from './per-database';
export { executeRows } from './execute-rows';
export { cancelRunningStatements } from './cancellable-statements';
