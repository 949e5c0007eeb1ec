import type { ContractShape } from '@gatepost/shared';
import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument } from './build-openapi-document';
import { registerDocsPage } from './docs-page';

export const OPENAPI_PATH = '/openapi.json';

/**
 * `GET /openapi.json`: the contract's OpenAPI 3.1 document, built and serialised once at start-up
 * (the contract cannot change while the process runs), and the reference page that reads it.
 */
export async function registerOpenApiRoutes(app: FastifyInstance, contract: ContractShape): Promise<void> {
  const document = JSON.stringify(buildOpenApiDocument(contract));
  app.get(OPENAPI_PATH, async function openApiDocument(_request, reply) {
    return reply.type('application/json; charset=utf-8').send(document);
  });
  await registerDocsPage(app, OPENAPI_PATH);
}
