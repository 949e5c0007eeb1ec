import { readFileSync } from 'node:fs';
import { ERROR_CATALOG, ERROR_CODES, GatepostError, errorCodeOfGraphQLCode } from '@gatepost/shared';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { describe, expect, it } from 'vitest';
import { toGraphQLError } from '../../server/src/protocols/graphql/errors';
import { errorShape } from '../../server/src/protocols/trpc/error-shape';

/** Statuses tRPC has no code for (its JSONRPC2_TO_HTTP_CODE), met only before any procedure is chosen. */
const NO_TRPC_EQUIVALENT = new Set(['NOT_ACCEPTABLE', 'HEADERS_TOO_LARGE']);

describe('the error catalog', () => {
  it.each(ERROR_CODES.filter((code) => !NO_TRPC_EQUIVALENT.has(code)))(
    'gives %s a tRPC code whose HTTP status is the catalog status',
    (code) => {
      const spec = ERROR_CATALOG[code];
      expect(getHTTPStatusCodeFromError(new TRPCError({ code: spec.trpc }))).toBe(spec.status);
    },
  );

  it('gives every code its own GraphQL extensions code, so a GraphQL error maps back to one catalog code', () => {
    const graphqlCodes = ERROR_CODES.map((code) => ERROR_CATALOG[code].graphql);
    expect(new Set(graphqlCodes).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) expect(errorCodeOfGraphQLCode(ERROR_CATALOG[code].graphql)).toBe(code);
  });

  it.each(ERROR_CODES)('carries %s through the tRPC error shape with its status and retryability', (code) => {
    const shape = errorShape(new GatepostError(code), 'contacts.submit', 'req-1');
    expect(shape.data).toMatchObject({
      code,
      httpStatus: ERROR_CATALOG[code].status,
      retryable: ERROR_CATALOG[code].retryable,
      requestId: 'req-1',
    });
  });

  it.each(ERROR_CODES)('carries %s through GraphQL extensions with its request id', (code) => {
    const error = toGraphQLError(new GatepostError(code), 'req-2');
    expect(error.extensions).toMatchObject({
      code: ERROR_CATALOG[code].graphql,
      retryable: ERROR_CATALOG[code].retryable,
      requestId: 'req-2',
    });
  });

  it('marks only rate limits and unavailability as retryable', () => {
    expect(ERROR_CODES.filter((code) => ERROR_CATALOG[code].retryable).sort()).toEqual(['RATE_LIMITED', 'UNAVAILABLE']);
  });

  it('lists every code in the README', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const missing = ERROR_CODES.filter((code) => !readme.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });

  it('masks an INTERNAL error to the catalog message and the request id over both protocols', () => {
    const leaked = new GatepostError('INTERNAL', 'duplicate key value violates unique constraint "secret"');
    expect(errorShape(leaked, undefined, 'req-3').message).not.toContain('secret');
    expect(toGraphQLError(leaked, 'req-3').message).not.toContain('secret');
    expect(toGraphQLError(leaked, 'req-3').message).toContain('req-3');
  });
});
