// Coalescing: in an independent batch, calls of one mutation whose handler has a `coalesced` form
// (contacts.submit, users.create) run as one multi-row INSERT. What callers see — each call's
// output or error — and the rows written must equal running the same calls one at a time.
import { TRPCClientError, type AppRouter, type GatepostClient } from '@gatepost/client';
import { expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';
import {
  codeOf,
  distinctContactTimestamps,
  distinctUserTimestamps,
  emailOf,
  postGraphQL,
  postTrpcBatch,
  requestLinesSince,
  rowsTagged,
  settleLogs,
  SUBMIT_CONTACT,
  uniqueTag,
} from './helpers';

const FALLBACK_WARNING = 'coalesced write failed; running its calls one by one';

type ParityCall =
  | { readonly procedure: 'contacts.submit'; readonly input: { name: string; email: string; message?: string } }
  | { readonly procedure: 'users.create'; readonly input: { email: string; displayName: string } };

/** Valid calls, invalid ones, and emails taken by an earlier call of the list or by an existing user. */
function parityCalls(tag: string): ParityCall[] {
  return [
    { procedure: 'users.create', input: { email: emailOf('ada', tag), displayName: 'Ada' } },
    { procedure: 'contacts.submit', input: { name: 'Ada', email: emailOf('ada', tag), message: 'Hello' } },
    { procedure: 'contacts.submit', input: { name: 'Broken', email: 'not-an-email' } },
    { procedure: 'users.create', input: { email: emailOf('ada', tag).toUpperCase(), displayName: 'Ada again' } },
    { procedure: 'users.create', input: { email: emailOf('taken', tag).toUpperCase(), displayName: 'Late' } },
    { procedure: 'users.create', input: { email: 'also-not-an-email', displayName: 'Nobody' } },
    { procedure: 'users.create', input: { email: emailOf('grace', tag), displayName: 'Grace' } },
    { procedure: 'contacts.submit', input: { name: 'Grace', email: emailOf('grace', tag) } },
    { procedure: 'users.create', input: { email: emailOf('grace', tag), displayName: 'Grace twin' } },
    { procedure: 'contacts.submit', input: { name: '   ', email: emailOf('blank', tag) } },
    { procedure: 'contacts.submit', input: { name: 'Ada', email: emailOf('ada', tag), message: 'Hello again' } },
  ];
}

function send(client: GatepostClient, call: ParityCall): Promise<{ id: string } & Record<string, unknown>> {
  return call.procedure === 'contacts.submit'
    ? client.trpc.contacts.submit.mutate(call.input)
    : client.trpc.users.create.mutate(call.input);
}

type Outcome =
  | { readonly ok: true; readonly data: { id: string } & Record<string, unknown> }
  | { readonly ok: false; readonly code: unknown; readonly message: string; readonly issues: unknown };

async function settle(promise: Promise<{ id: string } & Record<string, unknown>>): Promise<Outcome> {
  try {
    return { ok: true, data: await promise };
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const data = (error as TRPCClientError<AppRouter>).data;
    return { ok: false, code: data?.code, message: error.message, issues: data?.issues ?? [] };
  }
}

/** What must match between two runs: outputs without id, createdAt and the run's tag; errors whole. */
function comparable(value: unknown, tag: string): unknown {
  const text = JSON.stringify(value, (key, field: unknown) => (key === 'id' || key === 'createdAt' ? undefined : field));
  return JSON.parse(text.replace(new RegExp(tag, 'gi'), 'TAG')) as unknown;
}

async function comparableRows(gp: GatepostUnderTest, tag: string) {
  const rows = await rowsTagged(gp.database, tag);
  const sorted = (list: unknown[]) =>
    list.map((row) => comparable(row, tag)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { contacts: sorted(rows.contacts), users: sorted(rows.users) };
}

forEachDatabase((database) => {
  const gp = useGatepost(database);

  it('gives each call of one coalesced tRPC batch the outcome, and writes the rows, of sending the calls one at a time', async () => {
    const batchTag = uniqueTag();
    const soloTag = uniqueTag();
    const batchTaken = await gp.client.trpc.users.create.mutate({ email: emailOf('taken', batchTag), displayName: 'Taken' });
    const soloTaken = await gp.client.trpc.users.create.mutate({ email: emailOf('taken', soloTag), displayName: 'Taken' });

    const from = gp.logs.length;
    const batched = await Promise.all(parityCalls(batchTag).map((call) => settle(send(gp.client, call))));
    await settleLogs();
    expect(requestLinesSince(gp, from)).toHaveLength(1);

    const solo = gp.newClient({ batch: false });
    const oneByOne: Outcome[] = [];
    for (const call of parityCalls(soloTag)) oneByOne.push(await settle(send(solo, call)));

    expect(batched.map((outcome) => (outcome.ok ? 'OK' : outcome.code))).toEqual([
      'OK',
      'OK',
      'VALIDATION_FAILED',
      'CONFLICT',
      'CONFLICT',
      'VALIDATION_FAILED',
      'OK',
      'OK',
      'CONFLICT',
      'VALIDATION_FAILED',
      'OK',
    ]);
    expect(batched[3]).toEqual({
      ok: false,
      code: 'CONFLICT',
      message: 'email: is already taken',
      issues: [{ path: ['email'], message: 'is already taken' }],
    });
    expect(batched.map((outcome) => comparable(outcome, batchTag))).toEqual(oneByOne.map((outcome) => comparable(outcome, soloTag)));
    expect(await comparableRows(gp, batchTag)).toEqual(await comparableRows(gp, soloTag));

    const rows = await rowsTagged(database.current, batchTag);
    const returnedIds = batched.flatMap((outcome) => (outcome.ok ? [outcome.data.id] : []));
    expect([...rows.contacts, ...rows.users].map((row) => row.id).sort()).toEqual([...returnedIds, batchTaken.id].sort());
    expect((await rowsTagged(database.current, soloTag)).users.map((row) => row.id)).toContain(soloTaken.id);
  });

  it('writes 100 contacts.submit calls of one batch with one statement: 100 rows sharing one created_at', async () => {
    const tag = uniqueTag();
    const from = gp.logs.length;
    const created = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        gp.client.trpc.contacts.submit.mutate({ name: `Writer ${index}`, email: emailOf(`w${index}`, tag) }),
      ),
    );
    expect(created.map((contact) => contact.email)).toEqual(Array.from({ length: 100 }, (_, index) => emailOf(`w${index}`, tag)));
    await settleLogs();
    expect(requestLinesSince(gp, from)).toHaveLength(1);
    expect(await distinctContactTimestamps(database.current, tag)).toEqual({ rows: 100, distinct: 1 });
    expect(gp.logs.slice(from).filter((line) => line.msg === FALLBACK_WARNING)).toEqual([]);
  });

  it('writes the same contacts.submit calls sent one at a time with one created_at each', async () => {
    const tag = uniqueTag();
    const solo = gp.newClient({ batch: false });
    for (let index = 0; index < 5; index++)
      await solo.trpc.contacts.submit.mutate({ name: `Solo ${index}`, email: emailOf(`s${index}`, tag) });
    expect(await distinctContactTimestamps(database.current, tag)).toEqual({ rows: 5, distinct: 5 });
  });

  it('writes the users.create calls of one batch with one statement, skipping only the taken email', async () => {
    const tag = uniqueTag();
    const calls = Array.from({ length: 20 }, (_, index) => ({
      path: 'users.create',
      input: { email: emailOf(index === 19 ? 'u0' : `u${index}`, tag), displayName: `User ${index}` },
    }));
    const answer = await postTrpcBatch(gp, calls);
    expect(answer.body.map(codeOf)).toEqual([...Array.from({ length: 19 }, () => 'OK'), 'CONFLICT']);
    expect(await distinctUserTimestamps(database.current, tag)).toEqual({ rows: 19, distinct: 1 });
  });

  it('coalesces the same mutation across the operations of a GraphQL request array', async () => {
    const tag = uniqueTag();
    const operations = Array.from({ length: 10 }, (_, index) => ({
      query: SUBMIT_CONTACT,
      variables: { input: { name: `Writer ${index}`, email: emailOf(`g${index}`, tag) } },
    }));
    const answer = await postGraphQL<{ data?: { submitContact?: { email: string } } }[]>(gp, operations);
    expect(answer.body.map((result) => result.data?.submitContact?.email)).toEqual(
      operations.map((operation) => operation.variables.input.email),
    );
    expect(await distinctContactTimestamps(database.current, tag)).toEqual({ rows: 10, distinct: 1 });
  });

  it('falls back to one call at a time when the multi-row INSERT fails, so only the call it could not take fails', async () => {
    const batchTag = uniqueTag();
    const soloTag = uniqueTag();
    // PostgreSQL refuses a NUL character in text (SQLSTATE 22021, answered as VALIDATION_FAILED): the one statement fails.
    const calls = (tag: string) => [
      { path: 'contacts.submit', input: { name: 'Ada', email: emailOf('ada', tag) } },
      { path: 'contacts.submit', input: { name: 'Nul', email: emailOf('nul', tag), message: 'a\u0000b' } },
      { path: 'contacts.submit', input: { name: 'Grace', email: emailOf('grace', tag) } },
    ];
    const from = gp.logs.length;
    const answer = await postTrpcBatch(gp, calls(batchTag));
    expect(gp.logs.slice(from).filter((line) => line.msg === FALLBACK_WARNING)).toHaveLength(1);
    const oneByOne = [];
    for (const call of calls(soloTag)) oneByOne.push(codeOf((await postTrpcBatch(gp, [call])).body[0]));
    expect(answer.body.map(codeOf)).toEqual(oneByOne);
    expect(answer.body.map(codeOf)).toEqual(['OK', 'VALIDATION_FAILED', 'OK']);
    expect((await rowsTagged(database.current, batchTag)).contacts.map((row) => row.name).sort()).toEqual(['Ada', 'Grace']);
  });

  it('keeps the first of two equal emails when a failed multi-row INSERT falls back to one call at a time', async () => {
    // One-by-one, the earlier call always wins; the fallback must run the calls in that order too.
    const outcomes: string[] = [];
    for (let round = 0; round < 20; round++) {
      const tag = uniqueTag();
      const answer = await postTrpcBatch(gp, [
        { path: 'users.create', input: { email: emailOf('twin', tag), displayName: 'First' } },
        { path: 'users.create', input: { email: emailOf('twin', tag).toUpperCase(), displayName: 'Second' } },
        { path: 'users.create', input: { email: emailOf('nul', tag), displayName: 'Nul\u0000' } },
      ]);
      outcomes.push(answer.body.map(codeOf).join(','));
    }
    expect(new Set(outcomes)).toEqual(new Set(['OK,CONFLICT,VALIDATION_FAILED']));
  });
});
