// Two gateposts on one database, one with the fast paths and one with tRPC's and yoga's own
// adapters (FAST_PATHS=false), and what "they answered alike" means: the same status, the same
// body once values that differ by nature are blanked, and the same headers that matter.
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '@gatepost/server';
import { expect } from 'vitest';
import type { TestDatabase } from '../helpers/databases';
import { useGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';

export interface FastAndOfficial {
  readonly fast: GatepostUnderTest;
  readonly official: GatepostUnderTest;
}

/** Both servers for the enclosing describe block, with the same configuration but FAST_PATHS. */
export function useFastAndOfficial(database: { readonly current: TestDatabase }, config: Partial<AppConfig> = {}): FastAndOfficial {
  return {
    fast: useGatepost(database, { config: { ...config, fastPaths: true } }),
    official: useGatepost(database, { config: { ...config, fastPaths: false } }),
  };
}

/**
 * Headers a client acts on: how to read the body, what a cache may reuse, the session, when to
 * retry, and whether an Idempotency-Key replayed. Each is compared, absent ones included.
 */
export const HEADERS_THAT_MATTER = ['content-type', 'vary', 'retry-after', 'idempotent-replayed'] as const;

export interface ComparableAnswer {
  readonly status: number;
  readonly headers: Record<string, string | null>;
  readonly setCookie: readonly string[];
  readonly body: string;
}

/** One side of a comparison: the server, and a tag that makes its inputs unique (blanked in its answers). */
export interface Side {
  readonly gp: GatepostUnderTest;
  readonly tag: string;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g;
const HTTP_DATE = /(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT/g;
/** Seconds until a limit's window resets: the two sides' windows open some milliseconds apart. */
const RETRY_SECONDS = /try again in \d+ s/g;

/** Drops what differs by nature: ids, times, session tokens, the side's tag, a window's remaining seconds. */
export function blank(text: string, tag?: string): string {
  const blanked = text
    .replace(UUID, '<uuid>')
    .replace(ISO_TIME, '<time>')
    .replace(/"token":"[^"]+"/g, '"token":"<token>"')
    .replace(RETRY_SECONDS, 'try again in <n> s');
  return tag ? blanked.replaceAll(tag, '<tag>') : blanked;
}

/** A Set-Cookie line without its token and expiry date (a cleared cookie's empty value and 1970 date stay). */
function blankCookie(line: string): string {
  return line.replace(/^([^=]+)=([^;]+)/, '$1=<token>').replace(HTTP_DATE, (date) => (date.includes(' 1970 ') ? date : '<date>'));
}

export async function comparableAnswer(response: Response, tag?: string): Promise<ComparableAnswer> {
  const headers: Record<string, string | null> = {};
  for (const name of HEADERS_THAT_MATTER) headers[name] = response.headers.get(name);
  // Only its presence and form can match: each server counts down its own window.
  const retryAfter = headers['retry-after'];
  if (retryAfter && /^[1-9]\d*$/.test(retryAfter)) headers['retry-after'] = '<seconds>';
  return {
    status: response.status,
    headers,
    setCookie: response.headers.getSetCookie().map(blankCookie),
    body: blank(await response.text(), tag),
  };
}

export function newTag(): string {
  return randomBytes(4).toString('hex');
}

/**
 * Runs the same exchange (one request or several in a row) against the fast server, then the
 * official one, each built for its side, and expects the same answers. Returns the fast ones,
 * for assertions on what both said.
 */
export async function expectSameAnswers(
  pair: FastAndOfficial,
  exchange: (side: Side) => Promise<readonly Response[]>,
): Promise<ComparableAnswer[]> {
  const answersOf = async (gp: GatepostUnderTest) => {
    const side: Side = { gp, tag: newTag() };
    const responses = await exchange(side);
    return Promise.all(responses.map((response) => comparableAnswer(response, side.tag)));
  };
  const overFast = await answersOf(pair.fast);
  const overOfficial = await answersOf(pair.official);
  expect(overFast).toEqual(overOfficial);
  return overFast;
}

/** `expectSameAnswers` for an exchange of one request. */
export async function expectSameAnswer(pair: FastAndOfficial, request: (side: Side) => Promise<Response>): Promise<ComparableAnswer> {
  const [answer] = await expectSameAnswers(pair, async (side) => [await request(side)]);
  if (!answer) throw new Error('no answer');
  return answer;
}

/** A raw request as the operator, the same for both sides (no tag). */
export function sameRequest(path: string, init: RequestInit = {}): (side: Side) => Promise<Response> {
  return (side) => side.gp.fetch(path, init);
}

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;
