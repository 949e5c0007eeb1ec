// One contract operation over REST, as a client that knows only the route table would send it:
// path parameters filled from the input, the rest as the query string (GET) or a JSON body (POST).
// Its answer is reduced to the CallResult the other protocols give, so suites can compare them.
import { randomUUID } from 'node:crypto';
import { contract, idempotencyRuleOf, listOperations, type AnyOperation, type InputIssue } from '@gatepost/shared';
import type { CallResult } from './protocols';
import type { GatepostUnderTest } from './start-gatepost';

const operationsByName = new Map(listOperations(contract).map((operation) => [operation.name, operation]));

/** Whether the contract gives `name` a REST route. */
export function hasRestRoute(name: string): boolean {
  return operationsByName.get(name)?.rest !== undefined;
}

/**
 * Calls `name` over REST as the operator (gp.fetch), or with the headers given. A POST of an
 * operation that takes an Idempotency-Key gets a fresh one, as the typed client does on every call.
 */
export async function callRest(
  gp: GatepostUnderTest,
  name: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<CallResult> {
  const operation = operationsByName.get(name);
  if (!operation?.rest) throw new Error(`${name} has no REST route`);
  const response = await gp.fetch(...restRequest(operation, input, headers));
  const text = await response.text();
  const body = (text ? JSON.parse(text) : undefined) as unknown;
  if (response.ok) return { ok: true, data: body };
  const problem = body as { code?: string; detail?: string; issues?: InputIssue[] };
  return { ok: false, code: problem.code ?? `HTTP_${response.status}`, message: problem.detail ?? '', issues: problem.issues ?? [] };
}

function restRequest(operation: AnyOperation, input: unknown, headers: Record<string, string>): [string, RequestInit] {
  const route = operation.rest;
  if (!route) throw new Error(`${operation.name} has no REST route`);
  const fields = { ...((input ?? {}) as Record<string, unknown>) };
  const path = route.path.replace(/\{(\w+)\}/g, (_, field: string) => {
    const value = fields[field];
    delete fields[field];
    return encodeURIComponent(String(value ?? ''));
  });
  if (route.method === 'GET') {
    const query = new URLSearchParams(Object.entries(fields).map(([key, value]) => [key, String(value)])).toString();
    return [`/api${path}${query ? `?${query}` : ''}`, { method: 'GET', headers }];
  }
  const keyed: Record<string, string> = idempotencyRuleOf(operation) === 'none' ? {} : { 'idempotency-key': randomUUID() };
  return [
    `/api${path}`,
    { method: 'POST', headers: { 'content-type': 'application/json', ...keyed, ...headers }, body: JSON.stringify(fields) },
  ];
}
