/**
 * Fields of database errors that hold the values of a query: Drizzle's DrizzleQueryError keeps
 * `params` (and `query`, repeated in its message); postgres.js attaches `parameters`, `args`,
 * `types` and `query` (enumerable when `debug` is on); PostgreSQL's `detail`, `where` and
 * `internal_query` quote rows ("Failing row contains (…, ada@example.com, …)", "Key
 * (email)=(…) already exists"). Emails, password hashes and messages must never reach a log.
 */
const VALUE_FIELDS = new Set(['params', 'parameters', 'args', 'types', 'query', 'detail', 'where', 'internal_query']);
/** A cause chain longer than this is cut (and a cycle is caught by the same bound). */
const MAX_CAUSES = 8;

interface ErrorLike {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly stack?: unknown;
  readonly cause?: unknown;
  readonly params?: unknown;
  readonly errors?: unknown;
}

function isErrorLike(value: unknown): value is ErrorLike & object {
  return value instanceof Error || (typeof value === 'object' && value !== null && 'message' in value && 'stack' in value);
}

/**
 * pino's `err` serializer, as pino.stdSerializers.err shapes it (type, message and stack with
 * their causes, the error's own fields), less every value a query carried. The one place this
 * is decided, so no log line, whoever writes it, can leak what a user sent.
 */
export function serializeError(error: unknown): unknown {
  if (!isErrorLike(error)) return error;
  const chain = causeChainOf(error);
  const serialized: Record<string, unknown> = {
    type: typeof error.constructor === 'function' ? error.constructor.name : error.name,
    message: chain.map((link) => withoutValues(link, link.message)).join(': '),
    stack: chain.map((link) => withoutValues(link, link.stack)).join('\ncaused by: '),
  };
  for (const key in error) {
    if (key in serialized || key === 'cause' || VALUE_FIELDS.has(key)) continue;
    const value = (error as Record<string, unknown>)[key];
    serialized[key] = isErrorLike(value) ? serializeError(value) : value;
  }
  if (Array.isArray(error.errors)) serialized.aggregateErrors = error.errors.map(serializeError);
  return serialized;
}

function causeChainOf(error: ErrorLike): ErrorLike[] {
  const chain: ErrorLike[] = [];
  for (let link: unknown = error; isErrorLike(link) && chain.length < MAX_CAUSES && !chain.includes(link); link = link.cause) {
    chain.push(link);
  }
  return chain;
}

/** The text less DrizzleQueryError's `\nparams: <values>`, which it puts in its message and so its stack. */
function withoutValues(error: ErrorLike, text: unknown): string {
  const written = typeof text === 'string' ? text : '';
  if (error.params === undefined) return written;
  return written.split(`\nparams: ${String(error.params)}`).join('');
}
