import { GatepostClientError, TRPCClientError, type GatepostClient, type GatepostTrpcErrorShape } from '@gatepost/client';
import type { InputIssue } from '@gatepost/shared';
import { describe } from 'vitest';

export type Protocol = 'trpc' | 'graphql';
export const PROTOCOLS: readonly Protocol[] = ['trpc', 'graphql'];

/** One call's outcome, in terms both protocols share, so a suite can compare them. */
export type CallResult =
  | { readonly ok: true; readonly data: unknown }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly issues: readonly InputIssue[] };

type DynamicProcedure = { mutate(input: unknown): Promise<unknown>; query(input: unknown): Promise<unknown> };

/**
 * Calls a contract operation by name through the real client, over one protocol. Only the
 * dispatch by name is loose here; the typed paths are exercised by the client tests.
 */
export async function callOperation(
  client: GatepostClient,
  protocol: Protocol,
  kind: 'mutation' | 'query',
  name: string,
  input: unknown,
): Promise<CallResult> {
  try {
    if (protocol === 'trpc') {
      const [domain = '', verb = ''] = name.split('.');
      const procedure = (client.trpc as unknown as Record<string, Record<string, DynamicProcedure>>)[domain]?.[verb];
      if (!procedure) throw new Error(`no tRPC procedure ${name}`);
      return { ok: true, data: kind === 'mutation' ? await procedure.mutate(input) : await procedure.query(input) };
    }
    const graphql = client.graphql as unknown as Record<'mutate' | 'query', (name: string, input: unknown) => Promise<unknown>>;
    return { ok: true, data: await graphql[kind === 'mutation' ? 'mutate' : 'query'](name, input) };
  } catch (error) {
    return failureOf(error);
  }
}

function failureOf(error: unknown): CallResult {
  if (error instanceof TRPCClientError) {
    const data = (error.shape as GatepostTrpcErrorShape | undefined)?.data;
    return { ok: false, code: data?.code ?? 'UNKNOWN', message: error.message, issues: data?.issues ?? [] };
  }
  if (error instanceof GatepostClientError) return { ok: false, code: error.code, message: error.message, issues: error.issues };
  throw error;
}

/** The field paths an error names, sorted, as `a.b` strings: what parity compares. */
export function issuePaths(result: CallResult): string[] {
  return result.ok ? [] : result.issues.map((issue) => issue.path.join('.')).sort();
}

/** Writes a suite once and runs it over tRPC and over GraphQL. */
export function forEachProtocol(suite: (protocol: Protocol) => void): void {
  for (const protocol of PROTOCOLS) {
    describe(`over ${protocol === 'trpc' ? 'tRPC' : 'GraphQL'}`, () => suite(protocol));
  }
}
