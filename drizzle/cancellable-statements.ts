import type { Sql } from 'postgres';
import type { Database } from './database';

/** The parts of a postgres.js query object this file relies on (postgres 3.4, src/query.js). */
interface PendingStatement {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** postgres.js's own: removes an unsent query from the queue, or sends PostgreSQL a CancelRequest for the running one. */
  canceller: ((query: PendingStatement) => Promise<void>) | null;
}

/** The statements one transaction has in flight, and whether the transaction was cancelled. */
interface TransactionStatements {
  readonly pending: Set<PendingStatement>;
  cancelled: boolean;
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
  const statements: TransactionStatements = { pending: new Set(), cancelled: false };
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
  // A statement asked for after the cancel never reaches PostgreSQL: unsent, it is only dequeued.
  if (statements.cancelled) {
    void query.canceller?.(query);
    return;
  }
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
 * Cancels what `transaction` has in flight, and every statement it asks for afterwards; each
 * fails with SQLSTATE 57014, so the transaction rolls back. Resolves once PostgreSQL has taken
 * the CancelRequests: the ROLLBACK that follows is sent after them, so a cancel can never land
 * on a statement of the next transaction to use the connection.
 */
export async function cancelRunningStatements(transaction: Database): Promise<void> {
  // drizzle keeps the postgres.js transaction it runs on as `session.client` (drizzle-orm 0.45, postgres-js/session.js).
  const client = (transaction as unknown as { session?: { client?: object } }).session?.client;
  const statements = client ? statementsOf.get(client) : undefined;
  if (!statements) return;
  statements.cancelled = true;
  await Promise.all(
    [...statements.pending].map((query) => {
      const cancel = query.canceller;
      query.canceller = null;
      return cancel?.(query).catch(() => {});
    }),
  );
}
