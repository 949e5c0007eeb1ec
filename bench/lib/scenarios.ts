// The scenarios: which servers answer which request, at what concurrency. Data only; run-scenario
// executes them. The first target of each scenario is gatepost, the numerator of every ratio.
import type { BenchConfig } from './config';
import type { SubmitManyProbe } from './probe';
import type { ServerSpec } from './spawn-server';
import {
  CONTACT_INPUT,
  CONTACT_SELECTION,
  ECHO_INPUT,
  ECHO_SELECTION,
  graphqlMutation,
  orpcCall,
  restCreate,
  trpcBatch,
  trpcCall,
  type WireRequest,
} from './wire';

export const SERVERS = {
  // LOG_LEVEL=info: gatepost's one log line per request is part of the pipeline being measured.
  // The rate limiter stays on (its cost is measured) with a budget no bench run reaches.
  gatepost: { name: 'gatepost', script: 'bench/servers/gatepost.ts', env: { LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '100000000' } },
  // The same gatepost answering through tRPC's and yoga's own adapters instead of its fast paths:
  // its row's ratio is what the fast paths are worth (issue 12).
  gatepostOfficial: {
    name: 'gatepost, FAST_PATHS=false',
    script: 'bench/servers/gatepost.ts',
    env: { LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '100000000', FAST_PATHS: 'false' },
  },
  trpc: { name: 'bare tRPC', script: 'bench/peers/trpc.ts' },
  orpc: { name: 'bare oRPC', script: 'bench/peers/orpc.ts' },
  yoga: { name: 'bare yoga', script: 'bench/peers/yoga.ts' },
  fastify: { name: 'Fastify REST', script: 'bench/peers/fastify.ts' },
  fastifyPrepared: { name: 'Fastify prepared', script: 'bench/peers/fastify-prepared.ts' },
} as const satisfies Record<string, ServerSpec>;

export interface HttpTarget {
  readonly kind: 'http';
  readonly name: string;
  readonly server: ServerSpec;
  readonly request: WireRequest;
}

/** postgres.js inserting from the bench process: no server, no HTTP. */
export interface LoopTarget {
  readonly kind: 'loop';
  readonly name: string;
  readonly rowsPerStatement: number;
}

export type Target = HttpTarget | LoopTarget;

export interface Scenario {
  readonly name: string;
  /** mutations/s when one request carries many mutations; req/s otherwise. */
  readonly unit: 'req/s' | 'mutations/s';
  readonly mutationsPerRequest: number;
  /** HTTP connections, or loop workers. */
  readonly concurrency: number;
  /** Inserts into contacts: the table is emptied first and inserted rows are counted. */
  readonly writes: boolean;
  readonly targets: readonly Target[];
  /** Why it does not run, when it does not. */
  readonly skipped?: string;
  /** A steady load of this many requests per second instead of as many as possible (latency, not throughput). */
  readonly rate?: number;
}

const BATCH = 100;
const SUBMIT_MANY_ITEMS = 1000;

function http(server: ServerSpec, request: WireRequest, name = server.name): HttpTarget {
  return { kind: 'http', name, server, request };
}

function loop(rowsPerStatement: number): LoopTarget {
  return {
    kind: 'loop',
    name: rowsPerStatement === 1 ? 'postgres.js loop' : `postgres.js loop ×${rowsPerStatement} rows`,
    rowsPerStatement,
  };
}

const submitContactGraphql = (fields: number) =>
  graphqlMutation({
    field: 'submitContact',
    inputType: 'SubmitContactInput',
    selection: CONTACT_SELECTION,
    input: CONTACT_INPUT,
    fields,
    marker: '"createdAt":',
  });

const echoGraphql = graphqlMutation({
  field: 'echoBench',
  inputType: 'EchoBenchInput',
  selection: ECHO_SELECTION,
  input: ECHO_INPUT,
  fields: 1,
  marker: '"email":',
});

export const SUBMIT_MANY_SCENARIO = `submitMany ${SUBMIT_MANY_ITEMS}`;
export const SUBMIT_MANY_ITEMS_PER_REQUEST = SUBMIT_MANY_ITEMS;

export function buildScenarios(config: BenchConfig, submitMany: SubmitManyProbe | null): Scenario[] {
  const { single, batch } = config.concurrency;
  const scenarios: Scenario[] = [
    {
      name: 'single tRPC',
      unit: 'req/s',
      mutationsPerRequest: 1,
      concurrency: single,
      writes: true,
      targets: [
        http(SERVERS.gatepost, trpcCall('contacts.submit', CONTACT_INPUT)),
        http(SERVERS.gatepostOfficial, trpcCall('contacts.submit', CONTACT_INPUT)),
        http(SERVERS.trpc, trpcCall('contacts.submit', CONTACT_INPUT)),
        http(SERVERS.orpc, orpcCall('contacts/submit', CONTACT_INPUT)),
        http(SERVERS.fastify, restCreate('/contacts', CONTACT_INPUT)),
        http(SERVERS.fastifyPrepared, restCreate('/contacts', CONTACT_INPUT)),
        loop(1),
      ],
    },
    {
      // What an Idempotency-Key costs: the same write with a fresh key per request (a
      // transaction, a lock and a stored result) beside gatepost without one.
      name: 'keyed single tRPC',
      unit: 'req/s',
      mutationsPerRequest: 1,
      concurrency: single,
      writes: true,
      targets: [
        http(SERVERS.gatepost, { ...trpcCall('contacts.submit', CONTACT_INPUT), freshIdempotencyKey: true }, 'gatepost + Idempotency-Key'),
        http(SERVERS.gatepost, trpcCall('contacts.submit', CONTACT_INPUT), 'gatepost, no key'),
      ],
    },
    {
      name: 'single GraphQL',
      unit: 'req/s',
      mutationsPerRequest: 1,
      concurrency: single,
      writes: true,
      targets: [
        http(SERVERS.gatepost, submitContactGraphql(1)),
        http(SERVERS.gatepostOfficial, submitContactGraphql(1)),
        http(SERVERS.yoga, submitContactGraphql(1)),
      ],
    },
    {
      name: `batch ${BATCH} tRPC`,
      unit: 'mutations/s',
      mutationsPerRequest: BATCH,
      concurrency: batch,
      writes: true,
      targets: [
        http(SERVERS.gatepost, trpcBatch('contacts.submit', CONTACT_INPUT, BATCH)),
        http(SERVERS.trpc, trpcBatch('contacts.submit', CONTACT_INPUT, BATCH)),
        loop(BATCH),
      ],
    },
    {
      name: `graphql ${BATCH} fields`,
      unit: 'mutations/s',
      mutationsPerRequest: BATCH,
      concurrency: batch,
      writes: true,
      targets: [http(SERVERS.gatepost, submitContactGraphql(BATCH)), http(SERVERS.yoga, submitContactGraphql(BATCH)), loop(BATCH)],
    },
    {
      name: 'echo tRPC',
      unit: 'req/s',
      mutationsPerRequest: 1,
      concurrency: single,
      writes: false,
      targets: [
        http(SERVERS.gatepost, trpcCall('bench.echo', ECHO_INPUT)),
        http(SERVERS.trpc, trpcCall('bench.echo', ECHO_INPUT)),
        http(SERVERS.orpc, orpcCall('bench/echo', ECHO_INPUT)),
      ],
    },
    {
      name: 'echo GraphQL',
      unit: 'req/s',
      mutationsPerRequest: 1,
      concurrency: single,
      writes: false,
      targets: [http(SERVERS.gatepost, echoGraphql), http(SERVERS.yoga, echoGraphql)],
    },
    {
      // Issue 3's latency target: p99 at a steady 1,000 mutations/s, not at saturation. Few
      // connections: autocannon paces each connection, so 32 of them at 1,000/s arrive in bursts
      // of 32 that queue behind each other, which measures the bursts, not the server.
      name: `steady ${config.steadyRate}/s tRPC`,
      unit: 'req/s',
      mutationsPerRequest: 1,
      concurrency: batch,
      writes: true,
      rate: config.steadyRate,
      targets: [
        http(SERVERS.gatepost, trpcCall('contacts.submit', CONTACT_INPUT)),
        http(SERVERS.trpc, trpcCall('contacts.submit', CONTACT_INPUT)),
        http(SERVERS.orpc, orpcCall('contacts/submit', CONTACT_INPUT)),
        http(SERVERS.fastifyPrepared, restCreate('/contacts', CONTACT_INPUT)),
      ],
    },
    submitManyScenario(submitMany, batch),
  ];
  const matches = (name: string, parts: readonly string[]) => parts.length === 0 || parts.some((part) => name.toLowerCase().includes(part));
  return scenarios
    .filter((scenario) => matches(scenario.name, config.only))
    .map((scenario) => ({ ...scenario, targets: scenario.targets.filter((target) => matches(target.name, config.servers)) }));
}

function submitManyScenario(probe: SubmitManyProbe | null, concurrency: number): Scenario {
  const base = {
    name: SUBMIT_MANY_SCENARIO,
    unit: 'mutations/s',
    mutationsPerRequest: SUBMIT_MANY_ITEMS,
    concurrency,
    writes: true,
  } as const;
  if (!probe?.found) return { ...base, targets: [], skipped: '(needs batches: issue 4)' };
  return {
    ...base,
    targets: [{ ...http(SERVERS.gatepost, probe.request), name: `gatepost (${probe.protocol})` }, loop(SUBMIT_MANY_ITEMS)],
  };
}
