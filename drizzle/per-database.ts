import type { Database } from './database';

/**
 * Builds a prepared statement once per database (drizzle builds SQL on every call unless a
 * query is `.prepare()`d, and a prepared query is bound to the database it came from).
 * A transaction is its own short-lived database object, so inside one the statement is built
 * for that transaction, which is correct, only not cached.
 */
export function perDatabase<Statement>(build: (db: Database) => Statement): (db: Database) => Statement {
  const cache = new WeakMap<Database, Statement>();
  return function statementFor(db) {
    let statement = cache.get(db);
    if (statement === undefined) {
      statement = build(db);
      cache.set(db, statement);
    }
    return statement;
  };
}
