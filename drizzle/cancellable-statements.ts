import type { Sql } from 'postgres';
import type { Database } from './database';

/** The parts of a postgres.js query object this file relies on (postgres 3.4, src/query.js). */
interface PendingStatement {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** True while PostgreSQL is executing it (postgres.js sets it when the statement reaches the front of its connection). */
  active: boolean;
  /** postgres.js's own: for a running statement, sends PostgreSQL a CancelRequest and resolves once it was taken. */
  canceller: ((query: PendingStatement) => Promise<void>) | null;
}

/** The statements one transaction has in flight. */
interface TransactionStatements {
  readonly pending: Set<PendingStatement>;
}

const statementsOf = new WeakMap<object, TransactionStatements>();

/**
 * Wraps the pool so every transaction's connection keeps track of its statements in flight:
 * cancelRunningStatements() can then stop what a transaction is doing (PostgreSQL's cancel
 * protocol, the statement fails with 57014) when its request ran out of time or its client went
 * away. Statements outside transactions are not tracked; the pool's statement_timeout bounds them.
 */
export function trackTransactionStatements<Client extends Sql>(client: Client): Client {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'begin') return Reflect.get(target, property, receiver) as unknown;
      return function begin(...args: unknown[]) {
        const last = args.length - 1;
        const work = args[last] as (transaction: Sql) => unknown;
        args[last] = (transaction: Sql) => work(tracked(transaction));
        return (target.begin as (...beginArgs: unknown[]) => unknown)(...args);
      };
    },
  });
}

function tracked(transaction: Sql): Sql {
  const statements: TransactionStatements = { pending: new Set() };
  const proxy = new Proxy(transaction, {
    get(target, property, receiver) {
      if (property !== 'unsafe') return Reflect.get(target, property, receiver) as unknown;
      return function unsafe(...args: Parameters<Sql['unsafe']>) {
        const query = target.unsafe(...args);
        watch(query as unknown as PendingStatement, statements);
        return query;
      };
    },
  });
  statementsOf.set(proxy, statements);
  return proxy;
}

function watch(query: PendingStatement, statements: TransactionStatements): void {
  const { resolve, reject } = query;
  statements.pending.add(query);
  query.resolve = (value) => {
    statements.pending.delete(query);
    resolve(value);
  };
  query.reject = (error) => {
    statements.pending.delete(query);
    reject(error);
  };
}

/**
 * Cancels the statement `transaction` is running: it fails with SQLSTATE 57014, and the
 * transaction with it. Resolves once PostgreSQL has taken the CancelRequest: the ROLLBACK that
 * follows is sent after it, so a cancel can never land on a statement of the next transaction to
 * use the connection. Only a running statement is cancelled: postgres.js's cancel of one not yet
 * sent dequeues it without telling its connection, which then waits for an answer that never comes.
 * A statement the transaction sends afterwards runs; the caller refuses to commit (runTransaction).
 */
export async function cancelRunningStatements(transaction: Database): Promise<void> {
  // drizzle keeps the postgres.js transaction it runs on as `session.client` (drizzle-orm 0.45, postgres-js/session.js).
  const client = (transaction as unknown as { session?: { client?: object } }).session?.client;
  const statements = client ? statementsOf.get(client) : undefined;
  if (!statements) return;
  await Promise.all(
    [...statements.pending]
      .filter((query) => query.active)
      .map((query) => {
        const cancel = query.canceller;
        query.canceller = null;
        return cancel?.(query).catch(() => {});
      }),
  );
}
