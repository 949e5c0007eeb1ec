// Every response names its request, and the server's log says the same thing once per request.
import { describe, expect, it, vi } from 'vitest';
import { forEachDatabase } from '../../helpers/databases';
import { faultyContract, faultyHandlers } from '../../helpers/faulty-contract';
import { forEachProtocol, type Protocol } from '../../helpers/protocols';
import { useGatepost } from '../../helpers/start-gatepost';
import {
  contactRowsWithEmail,
  errorCodeOf,
  errorMessageOf,
  expectNothingLeaked,
  logLinesOf,
  postGraphQL,
  postJson,
  SUBMIT_CONTACT,
  trpcQueryPath,
  uniqueEmail,
  uniqueRequestId,
} from './wire';

const SAFE_ID = /^[\w.:-]{1,128}$/;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';


function explode(protocol: Protocol, email: string, requestId: string): [string, RequestInit] {
  const headers = { 'x-request-id': requestId };
  if (protocol === 'trpc') return ['/trpc/faults.explode', postJson({ email }, headers)];
  return [
    '/graphql',
    postGraphQL('mutation($input: ExplodeFaultInput!) { explodeFault(input: $input) { id } }', { input: { email } }, headers),
  ];
}

forEachDatabase((database) => {
  const gp = useGatepost(database);

  describe('the x-request-id header', () => {
    it('is on a successful tRPC mutation', async () => {
      const response = await gp.fetch('/trpc/contacts.submit', postJson({ name: 'Ada', email: uniqueEmail('id-trpc') }));
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toMatch(SAFE_ID);
    });

    it('is on a successful GraphQL mutation', async () => {
      const response = await gp.fetch(
        '/graphql',
        postGraphQL(SUBMIT_CONTACT, { input: { name: 'Ada', email: uniqueEmail('id-graphql') } }),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toMatch(SAFE_ID);
    });

    it('is on a 4xx validation failure, and equals the requestId in the error body', async () => {
      const response = await gp.fetch('/trpc/contacts.submit', postJson({ name: 'Ada' }));
      const body = (await response.json()) as { error: { data: { requestId: string } } };
      expect(response.status).toBe(400);
      expect(response.headers.get('x-request-id')).toMatch(SAFE_ID);
      expect(body.error.data.requestId).toBe(response.headers.get('x-request-id'));
    });

    it('is on a 404 for a route that does not exist', async () => {
      const response = await gp.fetch('/no/such/route');
      expect(response.status).toBe(404);
      expect(response.headers.get('x-request-id')).toMatch(SAFE_ID);
    });

    it('is on the health check', async () => {
      const response = await gp.fetch('/healthz');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toMatch(SAFE_ID);
    });

    it('differs between two requests that did not send one', async () => {
      const first = await gp.fetch('/healthz');
      const second = await gp.fetch('/healthz');
      expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
    });

    it('reuses a safe x-request-id sent by the caller', async () => {
      const requestId = uniqueRequestId('trace.proxy:1');
      const response = await gp.fetch('/healthz', { headers: { 'x-request-id': requestId } });
      expect(response.headers.get('x-request-id')).toBe(requestId);
    });

    it('reuses a caller id of exactly 128 characters', async () => {
      const requestId = uniqueRequestId('long').padEnd(128, 'x');
      const response = await gp.fetch('/healthz', { headers: { 'x-request-id': requestId } });
      expect(response.headers.get('x-request-id')).toBe(requestId);
    });

    it('replaces a caller id that contains spaces', async () => {
      const unsafe = `${uniqueRequestId('has')} spaces and <html>`;
      const response = await gp.fetch('/healthz', { headers: { 'x-request-id': unsafe } });
      const given = response.headers.get('x-request-id');
      expect(given).not.toBe(unsafe);
      expect(given).toMatch(SAFE_ID);
    });

    it('replaces a caller id longer than 128 characters', async () => {
      const unsafe = uniqueRequestId('long').padEnd(129, 'x');
      const response = await gp.fetch('/healthz', { headers: { 'x-request-id': unsafe } });
      const given = response.headers.get('x-request-id');
      expect(given).not.toBe(unsafe);
      expect(given).toMatch(SAFE_ID);
    });
  });

  describe('the request log', () => {
    it('writes exactly one "request" line with id, method, path and status for a tRPC query by GET', async () => {
      const requestId = uniqueRequestId('log-get');
      const response = await gp.fetch(trpcQueryPath('contacts.get', { id: UNKNOWN_ID }), { headers: { 'x-request-id': requestId } });
      expect(response.status).toBe(200);
      await vi.waitFor(() => expect(logLinesOf(gp.logs, requestId).filter((line) => line.msg === 'request')).toHaveLength(1));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const lines = logLinesOf(gp.logs, requestId).filter((line) => line.msg === 'request');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ requestId, method: 'GET', path: '/trpc/contacts.get', statusCode: 200 });
    });

    it('writes one "request" line with the 4xx status of a refused mutation', async () => {
      const requestId = uniqueRequestId('log-400');
      const response = await gp.fetch('/trpc/contacts.submit', postJson({ email: 'not an email' }, { 'x-request-id': requestId }));
      expect(response.status).toBe(400);
      await vi.waitFor(() => expect(logLinesOf(gp.logs, requestId).filter((line) => line.msg === 'request')).toHaveLength(1));
      expect(logLinesOf(gp.logs, requestId).find((line) => line.msg === 'request')).toMatchObject({
        method: 'POST',
        path: '/trpc/contacts.submit',
        statusCode: 400,
      });
    });

    it('writes one "request" line for a route that does not exist, under the id sent back', async () => {
      const response = await gp.fetch('/no/such/route?with=query');
      const requestId = response.headers.get('x-request-id') ?? '';
      expect(response.status).toBe(404);
      await vi.waitFor(() => expect(logLinesOf(gp.logs, requestId).filter((line) => line.msg === 'request')).toHaveLength(1));
      expect(logLinesOf(gp.logs, requestId).find((line) => line.msg === 'request')).toMatchObject({
        method: 'GET',
        path: '/no/such/route',
        statusCode: 404,
      });
    });

    it('never logs the query string, which carries tRPC query input', async () => {
      const requestId = uniqueRequestId('log-query');
      const secret = `lookup-${requestId}`;
      await gp.fetch(`${trpcQueryPath('contacts.get', { id: UNKNOWN_ID })}&note=${secret}`, { headers: { 'x-request-id': requestId } });
      await vi.waitFor(() => expect(logLinesOf(gp.logs, requestId).filter((line) => line.msg === 'request')).toHaveLength(1));
      expect(gp.rawLogs.filter((line) => line.includes(secret))).toEqual([]);
    });
  });
});

forEachDatabase((database) => {
  describe('an unexpected error in a handler', () => {
    const gp = useGatepost(database, { contract: faultyContract, handlers: faultyHandlers });

    forEachProtocol((protocol) => {
      it('is answered as INTERNAL with a message that quotes the request id and not the error', async () => {
        const requestId = uniqueRequestId('masked');
        const response = await gp.fetch(...explode(protocol, uniqueEmail('masked'), requestId));
        const text = await response.text();
        const body: unknown = JSON.parse(text);
        if (protocol === 'trpc') expect(response.status).toBe(500);
        expect(errorCodeOf(body)).toBe('INTERNAL');
        expect(errorMessageOf(body)).toContain(requestId);
        expect(text).not.toContain('secret_table');
        expect(text).not.toContain('password');
        expectNothingLeaked(text);
      });

      it('logs the original error under the request id the response gave', async () => {
        const response = await gp.fetch(...explode(protocol, uniqueEmail('logged'), uniqueRequestId('logged')));
        const requestId = response.headers.get('x-request-id') ?? '';
        expect(errorMessageOf(await response.json())).toContain(requestId);
        await vi.waitFor(() => {
          const original = logLinesOf(gp.logs, requestId).filter((line) => JSON.stringify(line.err ?? null).includes('secret_table'));
          expect(original.length).toBeGreaterThan(0);
        });
      });

      it('rolls back the row the handler wrote before it threw', async () => {
        const email = uniqueEmail('rolled-back');
        const response = await gp.fetch(...explode(protocol, email, uniqueRequestId('rolled-back')));
        expect(errorCodeOf(await response.json())).toBe('INTERNAL');
        expect(await contactRowsWithEmail(database.current, email)).toHaveLength(0);
      });
    });
  });
});
