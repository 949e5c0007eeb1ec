import { contract as gatepostContract, type GatepostError, type ContractShape, isGatepostError, refusal } from '@gatepost/shared';
import type { DatabaseHandle } from '@gatepost/db';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { printSchema } from 'graphql';
import type { Logger } from 'pino';
import type { AppConfig } from './config';
import { handlers as gatepostHandlers } from './handlers/index';
import { registerAuthentication } from './auth/authenticate-request';
import { createCredentialsReader } from './auth/credentials';
import { createCrossSiteCheck } from './auth/cross-site';
import { memoryCounter, redisCounter } from './rate-limit/counter';
import { openRedis } from './rate-limit/open-redis';
import { registerRateLimit } from './rate-limit/register-rate-limit';
import { discardUnreadBody } from './http/discard-unread-body';
import { answerClientError } from './http/client-errors';
import { shutdownSignalOf } from './http/cancel-running-calls';
import { drainConnectionsOnClose } from './http/drain-on-close';
import { registerHealthRoutes } from './http/health';
import { registerJsonBodyParser } from './http/json-body';
import { registerCors, setSecurityHeaders } from './http/security';
import { registerWebApp } from './http/web-app';
import { httpErrorToGatepost } from './http/http-errors';
import { exposeRequestId, requestIdOf } from './http/request-id';
import { createRequestScopeReader } from './http/request-scope';
import { OneLinePerRequest } from './http/request-log';
import { scheduleKeyPurge } from './idempotency/purge-schedule';
import type { PaymentProvider } from './payments/provider';
import { createSimulatedPaymentProvider } from './payments/simulated-provider';
import { createPipeline, type HandlerRegistry } from './pipeline/index';
import { buildGraphQLSchema } from './protocols/graphql/build-schema';
import { encodeGraphQLHttpError } from './protocols/graphql/errors';
import { createGraphQLItemLimit } from './protocols/graphql/item-limit';
import { registerGraphQLRoute } from './protocols/graphql/route';
import { createGatepostYoga } from './protocols/graphql/yoga';
import { encodeTrpcHttpError, registerTrpcRoute } from './protocols/trpc/route';
import { PROBLEM_JSON, toProblem } from './protocols/rest/problem';
import { REST_PREFIX, registerRestRoutes } from './protocols/rest/route';
import { registerOpenApiRoutes } from './protocols/rest/openapi/openapi-routes';
import { errorPage } from './protocols/forms/error-page';
import { renderPage, setPageHeaders } from './protocols/forms/layout';
import { FORMS_PREFIX, registerFormRoutes } from './protocols/forms/route';
import { createDiskStorage } from './files/disk-storage';
import { registerDownloadRoute } from './files/download-route';
import { registerResumableUploads } from './files/resumable-route';
import { registerFileUploads } from './files/file-uploads';
import type { FileStorage } from './files/storage';
import { scheduleOrphanSweep } from './files/sweep-orphans';

/** What lives where: `GET /api`, and `GET /` for clients that do not ask for HTML. */
const API_INDEX = {
  name: 'gatepost',
  app: '/',
  trpc: '/trpc',
  graphql: '/graphql',
  graphiql: '/graphql',
  schema: '/schema.graphql',
  openapi: '/openapi.json',
  docs: '/docs',
  forms: '/forms/contact',
  uploads: '/uploads',
  health: '/healthz',
  ready: '/readyz',
};

export interface AppDeps {
  readonly database: DatabaseHandle;
  readonly config: AppConfig;
  readonly logger: Logger;
  /** The contract to serve. @default gatepost's own contract */
  readonly contract?: ContractShape;
  /** Its handlers, from `implement()`. @default gatepost's own handlers */
  readonly handlers?: HandlerRegistry;
  /** Where orders are charged. @default the built-in simulated provider */
  readonly payments?: PaymentProvider;
  /** Where uploaded files are stored. @default S3 when `config.files.s3` is set, else disk at `config.files.dir` (closed with the app) */
  readonly storage?: FileStorage;
}

/**
 * Builds the Fastify instance with every route. It never listens: `main.ts` does, tests use port 0.
 *
 * What a request meets, in order. Fastify runs `onRequest` hooks in the order they are added
 * below, then parses the body, then runs the route; each stage stands where it does because:
 * 1. Request id (`genReqId`, then the `x-request-id` header) first: every log line and every
 *    answer, a refusal by any later stage included, carries the id that finds it in the logs.
 * 2. Draining on close: once a graceful stop starts, every answer says `Connection: close`.
 * 3. Security headers, before anything can refuse: a 403, 413 or 429 carries them too.
 * 4. CORS next, for the same reason: a browser page reads a refusal only if it carries the grant.
 * 5. Cookies, then authentication, then the rate limit (both on `preParsing`, once the route is
 *    known): an API request's credentials are looked up first — unless its address has spent its
 *    failed credentials for the minute — so the limit budgets the user, whichever key or session
 *    it sent, and the address otherwise. A refused request's body is never read.
 * 6. CSRF has no stage of its own: the credentials reader counts a session cookie only from this
 *    site or an allowed origin (the pipeline then answers FORBIDDEN), text/plain bodies are not
 *    parsed (a "simple" cross-site POST), form bodies only by REST and the HTML forms (in their own
 *    contexts), and the tRPC route refuses multipart. The HTML forms add a token (forms/csrf.ts).
 * 7. Body parsing (Fastify's JSON parser: the body limit, prototype-poisoning protection) after all
 *    of that; its errors, and every other error, leave through one handler as catalog errors.
 * 8. Routes: tRPC, GraphQL, REST and its OpenAPI document and reference page, the HTML forms,
 *    health, the SDL, the API index, the web app. Each route builds the
 *    request's scope (RequestScope) once and hands it to the pipeline.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database, logger } = deps;
  const contract = deps.contract ?? gatepostContract;
  const app: FastifyInstance = Fastify({
    // pino's Logger is a FastifyBaseLogger; naming the base type keeps FastifyInstance's default generics.
    loggerInstance: logger as FastifyBaseLogger,
    logController: new OneLinePerRequest(),
    genReqId: requestIdOf,
    bodyLimit: config.bodyLimitBytes,
    // tRPC batch URLs list every procedure (`/trpc/a,b,c?batch=1`); Fastify's default of 100 refuses them.
    routerOptions: { maxParamLength: 10_000 },
    // Fastify 5 defaults to 0 (never): a slowly trickled body would hold a socket forever.
    requestTimeout: config.requestTimeoutMs,
    // Fastify's 72 s keeps every idle client's socket for over a minute; see KEEP_ALIVE_TIMEOUT_MS.
    keepAliveTimeout: config.keepAliveTimeoutMs,
    // request.ip, .protocol and .host then read X-Forwarded-* from the trusted proxies only.
    trustProxy: typeof config.trustProxy === 'boolean' ? config.trustProxy : [...config.trustProxy],
    ...serverOptions(config),
    // drainConnectionsOnClose refuses requests that arrive while closing, with a catalog 503.
    return503OnClosing: false,
    // Requests Node cannot parse (headers too large, too slow) never reach a hook: catalog bodies still.
    clientErrorHandler: (error, socket) => answerClientError(error, socket, encodeForPath),
  });
  // Fastify 5 leaves the headers deadline at Node's 60 s; a slow-headers (slowloris) client gets less.
  app.server.headersTimeout = Math.min(config.headersTimeoutMs, config.requestTimeoutMs);
  // Node closes each connection past the cap as it is accepted (and emits 'drop').
  if (config.maxConnections > 0) app.server.maxConnections = config.maxConnections;
  // 6, 7: text/plain is a "simple" content type browsers send cross-site without a CORS preflight.
  app.removeContentTypeParser('text/plain');
  registerJsonBodyParser(app, { maxNestingDepth: config.maxNestingDepth }); // 7

  exposeRequestId(app); // 1
  drainConnectionsOnClose(app); // 2
  setSecurityHeaders(app, config); // 3
  await registerCors(app, config); // 4
  // The secret signs only the forms' CSRF cookie; the session cookie is an opaque token looked up in the database.
  await app.register(cookie, { secret: config.csrfSecret ?? randomBytes(32).toString('hex') }); // 5
  const readCredentials = createCredentialsReader(config.corsOrigins);
  const isCrossSite = createCrossSiteCheck(config.corsOrigins);
  const redis = config.redisUrl ? openRedis(config.redisUrl, app) : undefined;
  const operatorKeyDigest = config.adminApiKey ? createHash('sha256').update(config.adminApiKey).digest() : undefined;
  registerAuthentication(app, {
    db: database.db,
    operatorKeyDigest,
    readCredentials,
    failures: {
      counter: redis ? redisCounter(redis, 'gatepost:auth-failures:') : memoryCounter(),
      perMinute: config.authFailuresPerMinute,
    },
  });
  await registerRateLimit(app, { perMinute: config.rateLimitPerMinute, redis });
  // 7
  app.setErrorHandler(async function replyWithCatalogError(error, request, reply) {
    const gatepostError = httpErrorToGatepost(error, {
      bodyLimitBytes: config.bodyLimitBytes,
      contentType: request.headers['content-type'],
      bodyTypes: request.routeOptions.config.bodyTypes,
    });
    if (gatepostError.code === 'INTERNAL') request.log.error({ err: error }, 'unhandled error');
    if (gatepostError.code === 'UNAVAILABLE' && !isGatepostError(error)) request.log.warn({ err: error }, 'database unavailable');
    discardUnreadBody(request, reply, config.bodyDiscardLimitBytes);
    // RFC 9110 §10.2.3: a 429 or 503 says when to come back.
    if (gatepostError.retryAfterSeconds !== undefined) reply.header('retry-after', String(gatepostError.retryAfterSeconds));
    return reply.status(gatepostError.status).send(encodeForProtocol(request, reply, gatepostError));
  });
  app.setNotFoundHandler(async function notFound(request, reply) {
    const error = refusal('ROUTE_NOT_FOUND', [request.method, request.url.split('?')[0] ?? '/']);
    return reply.status(404).send(encodeForProtocol(request, reply, error));
  });

  const storage = deps.storage ?? (await storageFor(config));
  if (!deps.storage) app.addHook('onClose', () => storage.close());
  const uploads = registerFileUploads(app, {
    storage,
    db: database.db,
    log: logger,
    bodyDiscardLimitBytes: config.bodyDiscardLimitBytes,
    limits: {
      maxUploadBytes: config.files.maxUploadBytes,
      maxFiles: config.files.maxFilesPerRequest,
      maxFieldBytes: config.bodyLimitBytes,
      maxFields: 1000,
    },
  });
  scheduleOrphanSweep(app, database.db, storage, config.files.sweepIntervalMs);

  // 8
  const pipeline = createPipeline({
    db: database.db,
    handlers: deps.handlers ?? gatepostHandlers,
    log: logger,
    maxBulkItems: config.maxBulkItems,
    operatorKeyDigest,
    settings: { sessionTtlSeconds: config.sessionTtlSeconds, passwordHashCost: config.passwordHashCost },
    attempts: { counter: redis ? redisCounter(redis, 'gatepost:attempts:') : memoryCounter(), perMinute: config.loginAttemptsPerMinute },
    idempotency: { retentionSeconds: config.idempotencyRetentionSeconds, running: new Set() },
    payments: deps.payments ?? createSimulatedPaymentProvider(),
  });
  scheduleKeyPurge(app, database.db, config.idempotencyRetentionSeconds);
  const readScope = createRequestScopeReader(readCredentials, config.requestDeadlineMs, shutdownSignalOf(app));
  const itemLimits = { maxItemsPerRequest: config.maxItemsPerRequest, maxBulkItems: config.maxBulkItems };
  registerTrpcRoute(app, {
    contract,
    pipeline,
    maxBatchCalls: config.maxBatchCalls,
    itemLimits,
    fastPath: config.fastPaths,
    readScope,
    uploads,
    isCrossSite,
    maxNestingDepth: config.maxNestingDepth,
  });
  const contractSchema = buildGraphQLSchema(contract);
  const yoga = createGatepostYoga({
    contractSchema,
    pipeline,
    log: logger,
    maxBatchCalls: config.maxBatchCalls,
    maxNestingDepth: config.maxNestingDepth,
    graphiql: config.graphiql,
    protections: { ...config.graphqlLimits, introspection: config.graphqlIntrospection },
  });
  const itemLimitError = createGraphQLItemLimit(contract, {
    limits: itemLimits,
    maxNestingDepth: config.maxNestingDepth,
    maxTokens: config.graphqlLimits.maxTokens,
  });
  registerGraphQLRoute(app, yoga, {
    pipeline,
    maxBatchCalls: config.maxBatchCalls,
    itemLimitError,
    fastPath: config.fastPaths,
    readScope,
    uploads: { ...uploads, contractSchema, isCrossSite },
  });
  await registerRestRoutes(app, { contract, pipeline, readScope, maxNestingDepth: config.maxNestingDepth, uploads });
  registerDownloadRoute(app, { pipeline, storage, readScope });
  registerResumableUploads(app, { pipeline, storage, readScope, allowedOrigins: config.corsOrigins });
  await registerOpenApiRoutes(app, contract);
  await registerFormRoutes(app, {
    contract,
    pipeline,
    readScope,
    maxNestingDepth: config.maxNestingDepth,
    allowedOrigins: config.corsOrigins,
    uploads,
  });
  registerHealthRoutes(app, database);
  // The SDL tells what introspection would: where introspection is off (production), so is it.
  const { schema: _schema, ...indexWithoutSchema } = API_INDEX;
  const apiIndex = config.graphqlIntrospection ? API_INDEX : indexWithoutSchema;
  if (config.graphqlIntrospection) {
    const sdl = printSchema(contractSchema.schema);
    app.get('/schema.graphql', async function schemaSdl(_request, reply) {
      return reply.type('text/plain; charset=utf-8').send(sdl);
    });
  }
  app.get('/api', async function index() {
    return apiIndex;
  });
  await registerWebApp(app, { dir: config.webDir, apiIndex });
  return app;
}

/**
 * An S3-compatible bucket when one is configured, else the local folder (FILES_DIR). The AWS SDK
 * is loaded only then: a server storing on disk never carries it.
 */
async function storageFor(config: AppConfig): Promise<FileStorage> {
  if (!config.files.s3) return createDiskStorage(config.files.dir);
  const { createS3Storage } = await import('./files/s3-storage');
  return createS3Storage(config.files.s3);
}

/**
 * HTTPS when a certificate is configured, else HTTP. Either way Node checks request and
 * headers deadlines every second (its default, 30 s, would make short deadlines meaningless).
 */
function serverOptions(config: AppConfig): { https: object } | { http: object } {
  const connectionsCheckingInterval = 1000;
  if (!config.tls) return { http: { connectionsCheckingInterval } };
  return { https: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile), connectionsCheckingInterval } };
}

/**
 * The error's body for the request's protocol; REST's is problem details, under its own media type,
 * and the HTML forms' a page (a refused post's page links back to its form).
 */
function encodeForProtocol(request: FastifyRequest, reply: FastifyReply, error: GatepostError): unknown {
  if (request.url.startsWith(`${REST_PREFIX}/`)) reply.type(PROBLEM_JSON);
  if (request.url.startsWith(`${FORMS_PREFIX}/`)) {
    setPageHeaders(reply);
    const backTo = request.method === 'POST' ? request.url.split('?')[0] : undefined;
    return renderPage(errorPage(error, { requestId: request.id, backTo })).markup;
  }
  return encodeForPath(request.url, error, request.id);
}

/** An error body in the shape the path's protocol speaks, so its client can read it. */
function encodeForPath(path: string, error: GatepostError, requestId: string): unknown {
  if (path.startsWith('/trpc/')) return encodeTrpcHttpError(error, requestId);
  if (path.startsWith('/graphql')) return encodeGraphQLHttpError(error, requestId);
  if (path.startsWith(`${REST_PREFIX}/`)) return toProblem(error, requestId);
  return { error: { code: error.code, message: error.message, requestId } };
}
