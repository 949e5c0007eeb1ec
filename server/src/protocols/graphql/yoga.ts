import { createYoga, type GraphiQLOptions, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Pipeline } from '../../pipeline/index';
import type { ContractSchema } from './build-schema';
import type { GraphQLContext, GraphQLServerContext } from './context';
import { useCatalogCodes } from './use-catalog-codes';
import { useContractVariableErrors } from './contract-variable-errors';
import { maskedErrors } from './masking';
import { refuseHttpHooks } from './refuse-http-hooks';
import { graphqlProtections, type GraphQLProtectionOptions } from './protections';
import { useAtomicOperations } from './use-atomic-operations';
import { useBulkItemCost } from './use-bulk-item-cost';
import { useDocumentNestingLimit } from './use-document-nesting-limit';
import { useMutationFieldLimit } from './use-mutation-field-limit';

export interface GatepostYogaOptions {
  readonly contractSchema: ContractSchema;
  readonly pipeline: Pipeline;
  readonly log: Logger;
  /** Most calls per request: operations in a request array, mutation fields in an operation. */
  readonly maxBatchCalls: number;
  /** Serve GraphiQL on `GET /graphql`. */
  readonly graphiql: boolean;
  /** Deepest nesting of braces, brackets and parentheses a document may have (MAX_NESTING_DEPTH). */
  readonly maxNestingDepth: number;
  /** Armor limits and introspection. */
  readonly protections: Omit<GraphQLProtectionOptions, 'maxBatchCalls'>;
}

export type GatepostYoga = YogaServerInstance<GraphQLServerContext, GraphQLContext>;

export function createGatepostYoga(options: GatepostYogaOptions): GatepostYoga {
  const { schema, mapper, queryInputs, bulkFields } = options.contractSchema;
  return createYoga<GraphQLServerContext, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    // yoga's default CORS echoes any Origin with credentials; CORS belongs to the HTTP layer's allowlist.
    cors: false,
    landingPage: false,
    // Uploads never reach yoga, whose multipart parser buffers every file: the route streams them (multipart-request.ts).
    multipart: false,
    // GraphiQL's assets are bundled (render-graphiql) instead of loaded from a CDN.
    graphiql: options.graphiql ? { title: 'gatepost GraphiQL', defaultQuery: DEFAULT_QUERY } : false,
    renderGraphiQL: renderBundledGraphiQL,
    logging: options.log,
    maskedErrors,
    // GraphQL request batching: a JSON array of operations in one POST.
    batching: { limit: options.maxBatchCalls },
    context: ({ scope, arrayIndex, runCall, inAtomicTransaction }) => ({
      scope,
      arrayIndex,
      runCall: runCall ?? options.pipeline.execute,
      inAtomicTransaction: inAtomicTransaction ?? false,
    }),
    plugins: refuseHttpHooks([
      // First: every later onParse hook (Armor's token limit among them) would parse the document.
      useDocumentNestingLimit(options.maxNestingDepth),
      ...graphqlProtections({ ...options.protections, maxBatchCalls: options.maxBatchCalls }),
      useContractVariableErrors(options.contractSchema, options.pipeline),
      useMutationFieldLimit(options.maxBatchCalls),
      // After the field limit, so a refusal names the simpler limit first.
      useBulkItemCost({ maxCost: options.protections.maxCost, bulkFields }),
      useAtomicOperations(options.pipeline),
      useCatalogCodes(),
    ]),
  });
}

/**
 * The bundled GraphiQL is 47 MB of resident memory once loaded; a server that is never
 * explored in a browser should not carry it, so it loads on the first GraphiQL page.
 */
async function renderBundledGraphiQL(graphiqlOptions: GraphiQLOptions): Promise<string> {
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  return renderGraphiQL(graphiqlOptions);
}

const DEFAULT_QUERY = `# Every write gatepost serves is a mutation; the Docs panel lists them all.
mutation SubmitContact {
  submitContact(input: { name: "Ada", email: "ada@example.com", message: "Hello" }) {
    id
    name
    createdAt
  }
}
`;
