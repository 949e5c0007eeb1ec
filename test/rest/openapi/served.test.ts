// The OpenAPI document and the reference page through the real HTTP server: what is served, under
// which headers, and that the document's examples are requests the server answers as documented.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tables } from '@gatepost/db';
import { contract, listOperations } from '@gatepost/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openApiFile } from '../../../server/src/protocols/rest/openapi/print-openapi';
import { ProblemDetails } from '../../../server/src/protocols/rest/openapi/problem-schema';
import type { OpenApiDocument, OperationObject } from '../../../server/src/protocols/rest/openapi/types';
import { useTestDatabase } from '../../helpers/databases';
import { OPERATOR_AUTHORIZATION, useGatepost } from '../../helpers/start-gatepost';

const database = useTestDatabase('embedded');
const gp = useGatepost(database);

async function servedDocument(): Promise<OpenApiDocument> {
  return (await (await gp.anonymousFetch('/openapi.json')).json()) as OpenApiDocument;
}

/** Every operation of the document, with the path and method it is filed under. */
function operationsOf(document: OpenApiDocument): { path: string; method: string; operation: OperationObject }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation: operation as OperationObject })),
  );
}

describe('GET /openapi.json', () => {
  it('is served as application/json to anyone', async () => {
    const response = await gp.anonymousFetch('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await response.json()) as OpenApiDocument).openapi).toBe('3.1.1');
  });

  it('serves the document committed as openapi.json', async () => {
    expect(await servedDocument()).toEqual(JSON.parse(readFileSync(openApiFile, 'utf8')));
  });

  it('lists every REST route of the contract under its method', async () => {
    const served = operationsOf(await servedDocument()).map(
      ({ path, method, operation }) => `${method.toUpperCase()} ${path} ${operation.operationId}`,
    );
    const expected = listOperations(contract).flatMap((operation) =>
      operation.rest ? [`${operation.rest.method} /api${operation.rest.path} ${operation.name}`] : [],
    );
    expect(served.sort()).toEqual(expected.sort());
  });

  it('says orders.place requires an Idempotency-Key, and the server refuses one sent without', async () => {
    const document = await servedDocument();
    expect(document.paths['/api/orders']?.post?.parameters).toEqual([{ $ref: '#/components/parameters/IdempotencyKeyRequired' }]);
    expect(document.components.parameters.IdempotencyKeyRequired).toMatchObject({ name: 'Idempotency-Key', in: 'header', required: true });
    const refused = await gp.fetch('/api/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ productId: randomUUID(), quantity: 1 }], paymentToken: 'tok_approve' }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      detail: expect.stringMatching(/^Idempotency-Key header: required/),
    });
  });

  it('documents a refusal body that is exactly what the server sends', async () => {
    const refused = await gp.anonymousFetch(`/api/contacts/${randomUUID()}`);
    expect(refused.status).toBe(404);
    expect(z.strictObject(ProblemDetails.shape).safeParse(await refused.json()).error).toBeUndefined();
    const invalid = await gp.anonymousFetch('/api/contacts/not-a-uuid');
    expect(z.strictObject(ProblemDetails.shape).safeParse(await invalid.json()).error).toBeUndefined();
  });
});

describe("the document's request examples", () => {
  it('are each answered with the documented success status when posted as documented', async () => {
    const document = await servedDocument();
    // A file upload's body is multipart only, with no example to post (test/files/ uploads over REST).
    const posts = operationsOf(document).filter(
      ({ method, operation }) => method === 'post' && operation.requestBody?.content['application/json'] !== undefined,
    );
    // orders.place's example buys a product that must exist: this database's copy of it.
    const orderExample = document.paths['/api/orders']?.post?.requestBody?.content['application/json']?.example as {
      items: { productId: string }[];
    };
    await database.current.handle.db
      .insert(tables.products)
      .values({ id: orderExample.items[0]?.productId, name: 'Example product', priceCents: 500, stock: 5 });
    // auth.register's account is the one auth.login signs in, and its session the user that books and orders.
    let userAuthorization = OPERATOR_AUTHORIZATION;
    const answered: Record<string, number> = {};
    const documented: Record<string, number> = {};
    for (const { path, operation } of posts) {
      const success = Object.keys(operation.responses).find((status) => status.startsWith('2')) ?? '';
      const needsUser = operation.operationId === 'bookings.reserve' || operation.operationId === 'orders.place';
      const response = await gp.anonymousFetch(path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: needsUser ? userAuthorization : OPERATOR_AUTHORIZATION,
          ...(operation.operationId === 'orders.place' ? { 'idempotency-key': randomUUID() } : {}),
        },
        body: JSON.stringify(operation.requestBody?.content['application/json']?.example),
      });
      const body = (await response.json()) as { token?: string };
      if (operation.operationId === 'auth.login' && body.token) userAuthorization = `Bearer ${body.token}`;
      answered[operation.operationId] = response.status;
      documented[operation.operationId] = Number(success);
    }
    expect(Object.keys(answered).sort()).toEqual([
      'auth.login',
      'auth.register',
      'bookings.reserve',
      'contacts.submit',
      'orders.place',
      'users.create',
    ]);
    expect(answered).toEqual(documented);
  });
});

describe('GET /docs', () => {
  it('redirects to /docs/, where the reference page is served (its CSP: test/security/headers.test.ts)', async () => {
    const redirect = await gp.anonymousFetch('/docs', { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/docs/');
    const page = await gp.anonymousFetch('/docs/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('loads its script from this server, not from a CDN, and reads /openapi.json', async () => {
    const html = await (await gp.anonymousFetch('/docs/')).text();
    const sources = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((match) => match[1]);
    expect(sources).toEqual(['js/scalar.js']);
    expect(html).toContain('"url": "/openapi.json"');
    const script = await gp.anonymousFetch('/docs/js/scalar.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
  });
});

describe('the API index', () => {
  it('lists the OpenAPI document and the reference page', async () => {
    const index = (await (await gp.anonymousFetch('/api')).json()) as Record<string, string>;
    expect(index).toMatchObject({ openapi: '/openapi.json', docs: '/docs' });
  });
});
