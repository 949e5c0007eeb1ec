import { listOperations, type AnyOperation, type ContractShape } from '@gatepost/shared';
import type { Handler, Handlers } from './types';

/** Handlers looked up by operation name (`contacts.submit`). */
export type HandlerRegistry = ReadonlyMap<string, Handler<AnyOperation>>;

/**
 * Binds handlers to a contract. `Handlers<Contract>` requires every operation, so a missing
 * handler is a compile error; the runtime check covers plain-JS callers.
 */
export function implement<const Contract extends ContractShape>(contract: Contract, handlers: Handlers<Contract>): HandlerRegistry {
  const registry = new Map<string, Handler<AnyOperation>>();
  const byDomain = handlers as Record<string, Record<string, Handler<AnyOperation> | undefined> | undefined>;
  for (const operation of listOperations(contract)) {
    const [domain = '', verb = ''] = operation.name.split('.');
    const handler = byDomain[domain]?.[verb];
    if (typeof handler !== 'function') throw new Error(`No handler implements "${operation.name}".`);
    registry.set(operation.name, handler);
  }
  return registry;
}
