import { listOperations, refusal, type AnyOperation, type ContractShape, type GatepostError, type RestRoute } from '@gatepost/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { FORM_URLENCODED, FormFields, registerFormBodyParser } from '../../http/form-body';
import { refuseOtherMethods } from '../../http/method-not-allowed';
import type { ReadRequestScope } from '../../http/request-scope';
import { buildCall, type Pipeline } from '../../pipeline/index';
import { executeFormCall } from '../text-input/execute-form-call';
import { receiveForm } from '../text-input/receive-form';
import { MULTIPART_FORM_DATA, UNREAD_MULTIPART, type FileUploads } from '../../files/file-uploads';
import { valuesFromText } from './path-values';
import { PROBLEM_JSON, toProblem } from './problem';

export interface RestRouteOptions {
  readonly contract: ContractShape;
  readonly pipeline: Pipeline;
  readonly readScope: ReadRequestScope;
  /** Deepest nesting of a form field's key (`a[b][c]` is 3), as MAX_NESTING_DEPTH bounds JSON. */
  readonly maxNestingDepth: number;
  readonly uploads: FileUploads;
}

/** Where REST lives: every operation's `rest.path` is under it. */
export const REST_PREFIX = '/api';

/** What a REST body may be; anything else is 415. */
const REST_BODY_TYPES = ['application/json', FORM_URLENCODED, MULTIPART_FORM_DATA] as const;

/**
 * Serves each operation that declares a `rest` route, under `/api`, through the pipeline like
 * every protocol: the call's input is the body (POST), the query string (GET) and the path
 * parameters together, parsed by the operation's one schema. A success answers the route's status
 * (201 with `Location` for a created resource); a refusal answers RFC 9457 problem details with
 * the catalog's status. A read that finds nothing at its path (a null output) is 404. Any other
 * method on a route's path is 405 with `Allow`.
 *
 * A body is JSON or a form (`application/x-www-form-urlencoded`, typed by the operation's schema:
 * inputFromForm); the routes live in a Fastify context of their own, the only one besides the HTML
 * forms' that parses forms. A form is a "simple" request any site can make a browser send, which
 * is safe here because a session cookie on a cross-site request is refused (createCredentialsReader).
 */
export async function registerRestRoutes(app: FastifyInstance, options: RestRouteOptions): Promise<void> {
  await app.register(async function restRoutes(rest) {
    registerFormBodyParser(rest);
    registerRoutes(rest, options);
  });
}

function registerRoutes(app: FastifyInstance, options: RestRouteOptions): void {
  const methodsByUrl = new Map<string, HTTPMethods[]>();
  for (const operation of listOperations(options.contract)) {
    const { rest } = operation;
    if (!rest) continue;
    const url = REST_PREFIX + rest.path.replace(/\{(\w+)\}/g, ':$1');
    app.route({
      method: rest.method,
      url,
      config: { authenticates: true, bodyTypes: REST_BODY_TYPES },
      handler: async function restHandler(request, reply) {
        if (request.body === UNREAD_MULTIPART) {
          // Files stream to storage first; the call's scope (and its deadline) starts once the body is in.
          const received = await receiveForm(request, reply, operation, options);
          if (!received.ok) return sendProblem(reply, received.error, request.id);
          request.body = received.form;
        }
        const scope = options.readScope(request, reply);
        const outcome =
          request.body instanceof FormFields
            ? await executeFormCall(options.pipeline, scope, operation, request.body, {
                pathValues: valuesFromText(operation.input, request.params as Record<string, string>),
                maxDepth: options.maxNestingDepth,
              })
            : await options.pipeline.execute(buildCall(scope, operation, inputOf(operation, request)));
        scope.applyOutcome(outcome);
        if (!outcome.ok) return sendProblem(reply, outcome.error, request.id);
        if (outcome.data === null && rest.path.includes('{')) {
          return sendProblem(reply, refusal('ROUTE_NOT_FOUND', [request.method, request.url.split('?')[0] ?? url]), request.id);
        }
        if (rest.location) reply.header('location', REST_PREFIX + filled(rest.location, outcome.data));
        return reply.status(rest.status ?? 200).send(outcome.data);
      },
    });
    methodsByUrl.set(url, [...(methodsByUrl.get(url) ?? []), ...methodsOf(rest)]);
  }
  for (const [url, methods] of methodsByUrl) refuseOtherMethods(app, url, methods);
}

/** A GET route answers HEAD too (Fastify's HEAD route). */
function methodsOf(rest: RestRoute): HTTPMethods[] {
  return rest.method === 'GET' ? ['GET', 'HEAD'] : [rest.method];
}

/** The call's raw input: a GET's query string or a POST's JSON body, with the path's parameters over either. */
function inputOf(operation: AnyOperation, request: FastifyRequest): unknown {
  const params = valuesFromText(operation.input, request.params as Record<string, string>);
  if (request.method === 'GET' || request.method === 'HEAD') {
    return { ...valuesFromText(operation.input, request.query as Record<string, unknown>), ...params };
  }
  const body = request.body ?? {};
  // A body that is not one JSON object is the schema's to refuse (`expected object`), unless the path adds fields to it.
  if (typeof body !== 'object' || Array.isArray(body)) return Object.keys(params).length === 0 ? body : params;
  return { ...(body as Record<string, unknown>), ...params };
}

/** `/contacts/{id}` with the output's `id`. */
function filled(template: string, output: unknown): string {
  const values = (output ?? {}) as Record<string, unknown>;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(values[name] ?? '')));
}

export function sendProblem(reply: FastifyReply, error: GatepostError, requestId: string): FastifyReply {
  return reply.status(error.status).type(PROBLEM_JSON).send(toProblem(error, requestId));
}
