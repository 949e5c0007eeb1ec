import { listOperations, type ContractShape, type ErrorCode } from '@gatepost/shared';
import serverPackage from '../../../../package.json' with { type: 'json' };
import { refusalResponses } from './error-responses';
import { IDEMPOTENCY_KEY_PARAMETERS, RESPONSE_HEADERS } from './headers';
import { describeOperation } from './operation-object';
import { ProblemDetails } from './problem-schema';
import { createSchemaComponents } from './schema-components';
import { SECURITY_SCHEMES } from './security';
import type { OpenApiDocument, PathItemObject } from './types';

const DESCRIPTION = [
  'The REST face of the gatepost contract: every route below runs through the same pipeline as its tRPC procedure (`/trpc/<operationId>`) and GraphQL field (`/graphql`), with the same rules, error codes and writes.',
  '',
  'Bodies are JSON or `application/x-www-form-urlencoded`. A refusal is RFC 9457 problem details (`application/problem+json`) whose `code` is the catalog code every protocol shares; `retryable` says whether sending it again may succeed.',
].join('\n');

/**
 * The OpenAPI 3.1 document of a contract's REST routes, generated from the contract and nothing
 * else: schemas are zod's own JSON Schema (`z.toJSONSchema`, the input side for what a client
 * sends, the output side for what it receives), so the document and the server cannot disagree.
 */
export function buildOpenApiDocument(contract: ContractShape): OpenApiDocument {
  const schemas = createSchemaComponents();
  const paths: Record<string, PathItemObject> = {};
  const refusals = new Set<ErrorCode>();
  const tags = new Set<string>();
  for (const operation of listOperations(contract)) {
    if (!operation.rest) continue;
    const described = describeOperation(operation, operation.rest, schemas);
    paths[described.path] = { ...paths[described.path], [described.method]: described.operation };
    for (const code of described.refusals) refusals.add(code);
    for (const tag of described.operation.tags) tags.add(tag);
  }
  const problem = schemas.schemaOf(ProblemDetails, 'output');
  return {
    openapi: '3.1.1',
    info: { title: 'gatepost', version: serverPackage.version, description: DESCRIPTION, license: { name: 'MIT', identifier: 'MIT' } },
    tags: [...tags].map((name) => ({ name })),
    paths,
    components: {
      schemas: schemas.all(),
      responses: refusalResponses(refusals, problem),
      parameters: IDEMPOTENCY_KEY_PARAMETERS,
      headers: RESPONSE_HEADERS,
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}
