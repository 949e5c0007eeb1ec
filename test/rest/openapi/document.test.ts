// The OpenAPI document generated from the contract: valid OpenAPI 3.1 by a real validator, the same
// as the committed openapi.json, and saying of each route what the contract says of its operation.
import { readFileSync } from 'node:fs';
import { contract, defineContract, defineMutation, idempotencyRuleOf, listOperations } from '@gatepost/shared';
import { validate } from '@scalar/openapi-parser';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildOpenApiDocument } from '../../../server/src/protocols/rest/openapi/build-openapi-document';
import { openApiFile, printOpenApiDocument } from '../../../server/src/protocols/rest/openapi/print-openapi';
import { REQUEST_EXAMPLES } from '../../../server/src/protocols/rest/openapi/request-examples';
import type { OperationObject, ParameterObject, Reference } from '../../../server/src/protocols/rest/openapi/types';
import serverPackage from '../../../server/package.json' with { type: 'json' };

const document = buildOpenApiDocument(contract);
const restOperations = listOperations(contract).filter((operation) => operation.rest !== undefined);

function operationAt(method: 'get' | 'post', path: string): OperationObject {
  const operation = document.paths[path]?.[method];
  if (!operation) throw new Error(`no ${method.toUpperCase()} ${path} in the document`);
  return operation;
}

function operationNamed(name: string): OperationObject {
  const found = Object.values(document.paths)
    .flatMap((item) => Object.values(item))
    .find((operation) => operation.operationId === name);
  if (!found) throw new Error(`no operation ${name} in the document`);
  return found;
}

function idempotencyParameterOf(operation: OperationObject): ParameterObject | undefined {
  const references = (operation.parameters ?? []).filter((parameter): parameter is Reference => '$ref' in parameter);
  const names = references.map((reference) => reference.$ref.replace('#/components/parameters/', ''));
  const parameters = document.components.parameters;
  return names.map((name) => parameters[name]).find((parameter) => parameter?.name === 'Idempotency-Key');
}

describe('the generated OpenAPI document', () => {
  it('is valid OpenAPI 3.1, with no error from @scalar/openapi-parser', async () => {
    const { valid, errors } = await validate(structuredClone(document) as unknown as Record<string, unknown>);
    expect(errors).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is found invalid by the same validator once a response loses its required description (the check can fail)', async () => {
    const broken = structuredClone(document) as unknown as { paths: Record<string, Record<string, { responses: Record<string, object> }>> };
    const created = broken.paths['/api/contacts']?.post?.responses['201'] as { description?: string };
    delete created.description;
    const { valid, errors } = await validate(broken);
    expect(valid).toBe(false);
    expect(errors?.length).toBeGreaterThan(0);
  });

  it('matches the committed openapi.json (run `npm run openapi:print` when the contract changes)', () => {
    expect(readFileSync(openApiFile, 'utf8')).toBe(printOpenApiDocument());
  });

  it("takes info.version from the server's package.json", () => {
    expect(document.info.version).toBe(serverPackage.version);
  });

  it.each(restOperations.map((operation) => [operation.name, operation] as const))(
    'has %s at its REST method and path, with the operation name as operationId',
    (name, operation) => {
      const method = operation.rest?.method === 'GET' ? 'get' : 'post';
      expect(operationAt(method, `/api${operation.rest?.path ?? ''}`).operationId).toBe(name);
    },
  );

  it('refuses at start-up one schema name that means two different schemas, naming it', () => {
    // Read as input, `size` may be left out (its default fills it); as output it is always there.
    const Sized = z.object({ size: z.number().default(1) }).meta({ id: 'OpenApiTestSized' });
    const resize = defineMutation({
      name: 'boxes.resize',
      description: 'Resize a box',
      auth: 'public',
      rest: { method: 'POST', path: '/boxes' },
      input: z.strictObject({ box: Sized }),
      output: Sized,
    });
    expect(() => buildOpenApiDocument(defineContract({ boxes: { resize } }))).toThrow(/"OpenApiTestSized"/);
  });

  it('lists no operation the contract does not serve as REST', () => {
    const documented = Object.values(document.paths).flatMap((item) => Object.values(item).map((operation) => operation.operationId));
    expect(documented.sort()).toEqual(restOperations.map((operation) => operation.name).sort());
  });
});

describe('what the document says of each route', () => {
  it('answers 201 with a Location header where the contract gives a location', () => {
    const created = operationNamed('contacts.submit').responses['201'];
    expect(created).toMatchObject({
      headers: { Location: { required: true } },
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Contact' } } },
    });
  });

  it('makes orders.place require an Idempotency-Key', () => {
    expect(idempotencyParameterOf(operationNamed('orders.place'))).toMatchObject({ in: 'header', required: true });
  });

  it('offers an optional Idempotency-Key where the contract makes it optional', () => {
    expect(idempotencyRuleOf(contract.contacts.submit)).toBe('optional');
    expect(idempotencyParameterOf(operationNamed('contacts.submit'))).toMatchObject({ required: false });
  });

  it('has no Idempotency-Key where the contract takes none (sign-in, reads)', () => {
    expect(idempotencyParameterOf(operationNamed('auth.login'))).toBeUndefined();
    expect(idempotencyParameterOf(operationNamed('contacts.get'))).toBeUndefined();
  });

  it('marks a replayed answer with the Idempotent-Replayed header', () => {
    expect(operationNamed('orders.place').responses['201']).toMatchObject({
      headers: { 'Idempotent-Replayed': { $ref: '#/components/headers/IdempotentReplayed' } },
    });
  });

  it('reads path parameters and query parameters from the input schema', () => {
    expect(operationNamed('contacts.get').parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: expect.objectContaining({ type: 'string', format: 'uuid' }) },
    ]);
    expect(operationNamed('contacts.list').parameters).toEqual([
      expect.objectContaining({
        name: 'limit',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ type: 'integer', default: 20 }),
      }),
      expect.objectContaining({ name: 'before', in: 'query', required: false }),
    ]);
  });

  it('takes a POST body as JSON and as a urlencoded form, with the same schema', () => {
    const content = operationNamed('users.create').requestBody?.content ?? {};
    expect(Object.keys(content)).toEqual(['application/json', 'application/x-www-form-urlencoded']);
    expect(content['application/x-www-form-urlencoded']?.schema).toEqual(content['application/json']?.schema);
  });

  it('takes a body with an optional file as JSON, urlencoded or multipart, with the same schema', () => {
    const content = operationNamed('contacts.submit').requestBody?.content ?? {};
    expect(Object.keys(content)).toEqual(['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']);
    expect(content['multipart/form-data']?.schema).toEqual({ $ref: '#/components/schemas/SubmitContactInput' });
  });

  it('takes a body with a required file as multipart only', () => {
    expect(Object.keys(operationNamed('files.upload').requestBody?.content ?? {})).toEqual(['multipart/form-data']);
  });

  it('takes no body where the path carries the whole input', () => {
    expect(operationNamed('bookings.cancel').requestBody).toBeUndefined();
  });

  it('refuses with problem details at each status the route can meet', () => {
    expect(Object.keys(operationNamed('orders.place').responses)).toEqual([
      '201',
      '400',
      '401',
      '402',
      '403',
      '404',
      '409',
      '413',
      '415',
      '422',
      '429',
      '500',
      '503',
    ]);
    expect(Object.keys(operationNamed('catalog.list').responses)).toEqual(['200', '400', '401', '429', '500', '503']);
    expect(document.components.responses.Status404?.content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
    });
  });

  it('says when to come back in Retry-After on 429 and 503', () => {
    for (const status of ['Status429', 'Status503']) {
      expect(document.components.responses[status]?.headers).toEqual({ 'Retry-After': { $ref: '#/components/headers/RetryAfter' } });
    }
  });

  it('lets anyone call a public operation, with a bearer token or the session cookie if they have one', () => {
    expect(operationNamed('contacts.submit').security).toEqual([{}, { bearer: [] }, { sessionCookie: [] }]);
  });

  it('requires a bearer token or the session cookie for a user operation, and the admin role for an admin one', () => {
    expect(operationNamed('orders.place').security).toEqual([{ bearer: [] }, { sessionCookie: [] }]);
    expect(operationNamed('users.create').security).toEqual([{ bearer: ['admin'] }, { sessionCookie: ['admin'] }]);
  });

  it('names the session cookie the server reads', () => {
    expect(document.components.securitySchemes.sessionCookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'gatepost_session' });
  });

  it('shows an example body for every POST route that takes a body, which its input schema accepts', () => {
    for (const operation of restOperations.filter((candidate) => candidate.rest?.method === 'POST')) {
      const body = operationNamed(operation.name).requestBody;
      // A file upload's body is multipart only: a file has no JSON example.
      if (!body?.content['application/json']) continue;
      const example = body.content['application/json']?.example;
      expect(example, operation.name).toEqual(REQUEST_EXAMPLES.get(operation.name));
      expect(operation.input.safeParse(example).success, operation.name).toBe(true);
    }
  });
});
