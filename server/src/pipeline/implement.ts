import { listOperations, type AnyOperation, type ContractShape } from '@gatepost/shared';
import type { Handler, HandlerDefinition, HandlerEntry, Handlers } from './types';

/** Handler definitions looked up by operation name (`contacts.submit`). */
export type HandlerRegistry = ReadonlyMap<string, HandlerDefinition<AnyOperation>>;

/**
 * Binds handlers to a contract. `Handlers<Contract>` requires every operation, so a missing
 * handler is a compile error; the runtime check covers plain-JS callers.
 */
export function implement<const Contract extends ContractShape>(contract: Contract, handlers: Handlers<Contract>): HandlerRegistry {
  const registry = new Map<string, HandlerDefinition<AnyOperation>>();
  const byDomain = handlers as Record<string, Record<string, HandlerEntry<AnyOperation> | undefined> | undefined>;
  for (const operation of listOperations(contract)) {
    const [domain = '', verb = ''] = operation.name.split('.');
    const entry = byDomain[domain]?.[verb];
    const definition = typeof entry === 'function' ? { run: entry } : entry;
    if (typeof definition?.run !== 'function') throw new Error(`No handler implements "${operation.name}".`);
    registry.set(operation.name, definition);
  }
  return registry;
}

/** Marks a handler that issues at most one SQL statement (see `HandlerDefinition.singleStatement`). */
export function singleStatement<Op extends AnyOperation>(run: Handler<Op>): HandlerDefinition<Op> {
  return { run, singleStatement: true };
}
