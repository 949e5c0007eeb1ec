// tRPC batches (`POST /trpc/a,b,c?batch=1`, what httpBatchLink sends) through the real server and
// database: each call gets its own result; with `Gatepost-Atomic: true` all are kept or none.
import { TRPCClientError, type AppRouter } from '@gatepost/client';
import { expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost } from '../helpers/start-gatepost';
import {
  ATOMIC,
  codeOf,
  emailOf,
  expectTablesUnchanged,
  postTrpcBatch,
  postTrpcRaw,
  requestLinesSince,
  rowsTagged,
  settleLogs,
  snapshotTables,
  uniqueTag,
} from './helpers';

const BATCH_ABORTED_MESSAGE = 'Not applied: another call of this atomic batch failed, so none of its calls were kept.';

forEachDatabase((database) => {
  const gp = useGatepost(database);

  it('answers a batch of one valid and one invalid call with 207, keeping the valid call', async () => {
    const tag = uniqueTag();
    const answer = await postTrpcBatch(gp, [
      { path: 'contacts.submit', input: { name: 'Ada', email: emailOf('ada', tag) } },
      { path: 'users.create', input: { email: 'not-an-email', displayName: 'Nobody' } },
      { path: 'users.create', input: { email: emailOf('grace', tag), displayName: 'Grace' } },
    ]);
    expect(answer.status).toBe(207);
    expect(answer.body.map(codeOf)).toEqual(['OK', 'VALIDATION_FAILED', 'OK']);
    expect(answer.body[0]?.result?.data).toMatchObject({ name: 'Ada', email: emailOf('ada', tag), message: null });
    expect(answer.body[1]?.error).toMatchObject({
      message: 'email: must be an email address',
      data: { httpStatus: 400, issues: [{ path: ['email'], message: 'must be an email address' }] },
    });
    expect(answer.body[2]?.result?.data).toMatchObject({ email: emailOf('grace', tag), displayName: 'Grace' });
    const rows = await rowsTagged(database.current, tag);
    expect(rows.contacts.map((row) => row.id)).toEqual([answer.body[0]?.result?.data.id]);
    expect(rows.users.map((row) => row.id)).toEqual([answer.body[2]?.result?.data.id]);
  });

  it('answers 200 with every result in call order when every call of a batch succeeds', async () => {
    const tag = uniqueTag();
    const answer = await postTrpcBatch(gp, [
      { path: 'users.create', input: { email: emailOf('first', tag), displayName: 'First' } },
      { path: 'contacts.submit', input: { name: 'Second', email: emailOf('second', tag), message: 'Hi' } },
      { path: 'users.create', input: { email: emailOf('third', tag), displayName: 'Third' } },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.map((entry) => entry.result?.data.email)).toEqual([
      emailOf('first', tag),
      emailOf('second', tag),
      emailOf('third', tag),
    ]);
  });

  it('keeps the first of two calls creating one email (in another letter case) and answers the later one CONFLICT', async () => {
    const tag = uniqueTag();
    const email = emailOf('twice', tag);
    const answer = await postTrpcBatch(gp, [
      { path: 'users.create', input: { email, displayName: 'First' } },
      { path: 'users.create', input: { email: email.toUpperCase(), displayName: 'Second' } },
    ]);
    expect(answer.status).toBe(207);
    expect(answer.body[0]?.result?.data).toMatchObject({ email, displayName: 'First' });
    expect(answer.body[1]?.error).toMatchObject({
      message: 'email: is already taken',
      data: { code: 'CONFLICT', httpStatus: 409, issues: [{ path: ['email'], message: 'is already taken' }] },
    });
    const { users } = await rowsTagged(database.current, tag);
    expect(users.map((user) => user.displayName)).toEqual(['First']);
  });

  it('gives each call its own result when the typed client batches calls made in one tick', async () => {
    const tag = uniqueTag();
    const from = gp.logs.length;
    const [contact, invalid, user] = await Promise.allSettled([
      gp.client.trpc.contacts.submit.mutate({ name: 'Ada', email: emailOf('ada', tag) }),
      gp.client.trpc.contacts.submit.mutate({ name: '', email: emailOf('nameless', tag) }),
      gp.client.trpc.users.create.mutate({ email: emailOf('grace', tag), displayName: 'Grace' }),
    ]);
    expect(contact).toMatchObject({ status: 'fulfilled', value: { name: 'Ada' } });
    expect(user).toMatchObject({ status: 'fulfilled', value: { displayName: 'Grace' } });
    expect(invalid.status).toBe('rejected');
    const reason = (invalid as PromiseRejectedResult).reason as unknown;
    expect(reason).toBeInstanceOf(TRPCClientError);
    expect((reason as TRPCClientError<AppRouter>).data).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: ['name'] }] });
    await settleLogs();
    expect(requestLinesSince(gp, from).map((line) => line.path)).toEqual(['/trpc/contacts.submit,contacts.submit,users.create']);
    const rows = await rowsTagged(database.current, tag);
    expect({ contacts: rows.contacts.length, users: rows.users.length }).toEqual({ contacts: 1, users: 1 });
  });

  it('rolls back an atomic batch whose last call conflicts, answering BATCH_ABORTED for the others', async () => {
    const tag = uniqueTag();
    const taken = emailOf('taken', tag);
    await gp.client.trpc.users.create.mutate({ email: taken, displayName: 'Already here' });
    const before = await snapshotTables(database.current);
    const answer = await postTrpcBatch(
      gp,
      [
        { path: 'contacts.submit', input: { name: 'Ada', email: emailOf('ada', tag) } },
        { path: 'users.create', input: { email: emailOf('grace', tag), displayName: 'Grace' } },
        { path: 'users.create', input: { email: taken.toUpperCase(), displayName: 'Late' } },
      ],
      ATOMIC,
    );
    expect(answer.status).toBe(409);
    expect(answer.body.map(codeOf)).toEqual(['BATCH_ABORTED', 'BATCH_ABORTED', 'CONFLICT']);
    expect(answer.body[0]?.error).toMatchObject({ message: BATCH_ABORTED_MESSAGE, data: { httpStatus: 409 } });
    expect(answer.body[2]?.error).toMatchObject({ message: 'email: is already taken', data: { issues: [{ path: ['email'] }] } });
    await expectTablesUnchanged(database.current, before);
  });

  it('answers an atomic batch whose first call is invalid with its own error and BATCH_ABORTED for the rest', async () => {
    const tag = uniqueTag();
    const before = await snapshotTables(database.current);
    const answer = await postTrpcBatch(
      gp,
      [
        { path: 'contacts.submit', input: { name: 'Ada', email: 'nope' } },
        { path: 'contacts.submit', input: { name: 'Grace', email: emailOf('grace', tag) } },
        { path: 'users.create', input: { email: emailOf('linus', tag), displayName: 'Linus' } },
      ],
      ATOMIC,
    );
    expect(answer.status).toBe(207);
    expect(answer.body.map(codeOf)).toEqual(['VALIDATION_FAILED', 'BATCH_ABORTED', 'BATCH_ABORTED']);
    expect(answer.body[0]?.error?.data.issues).toEqual([{ path: ['email'], message: 'must be an email address' }]);
    await expectTablesUnchanged(database.current, before);
  });

  it('rolls back an atomic batch that creates one email twice, so neither user is kept', async () => {
    const tag = uniqueTag();
    const email = emailOf('twice', tag);
    const before = await snapshotTables(database.current);
    const answer = await postTrpcBatch(
      gp,
      [
        { path: 'users.create', input: { email, displayName: 'First' } },
        { path: 'users.create', input: { email: email.toUpperCase(), displayName: 'Second' } },
      ],
      ATOMIC,
    );
    expect(answer.status).toBe(409);
    expect(answer.body.map(codeOf)).toEqual(['BATCH_ABORTED', 'CONFLICT']);
    await expectTablesUnchanged(database.current, before);
  });

  it('keeps every call of an atomic batch whose calls all succeed, written in one transaction', async () => {
    const tag = uniqueTag();
    const answer = await postTrpcBatch(
      gp,
      [
        { path: 'contacts.submit', input: { name: 'Ada', email: emailOf('ada', tag) } },
        { path: 'users.create', input: { email: emailOf('ada', tag), displayName: 'Ada' } },
      ],
      ATOMIC,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.map(codeOf)).toEqual(['OK', 'OK']);
    const rows = await rowsTagged(database.current, tag);
    expect(rows.contacts.map((row) => row.id)).toEqual([answer.body[0]?.result?.data.id]);
    expect(rows.users.map((row) => row.id)).toEqual([answer.body[1]?.result?.data.id]);
    // now() is fixed per transaction: one transaction, one timestamp.
    expect(rows.contacts[0]?.createdAt.getTime()).toBe(rows.users[0]?.createdAt.getTime());
  });

  it('refuses a batch URL that names no procedure with a 4xx and writes nothing', async () => {
    const before = await snapshotTables(database.current);
    const answer = await postTrpcRaw<unknown>(gp, '/trpc/?batch=1', {});
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.text).toMatch(/"code":"(NOT_FOUND|MALFORMED_REQUEST)"/);
    await expectTablesUnchanged(database.current, before);
  });

  it('refuses an atomic batch URL that names no procedure with a 4xx and writes nothing', async () => {
    const before = await snapshotTables(database.current);
    const answer = await postTrpcRaw<unknown>(gp, '/trpc/?batch=1', {}, ATOMIC);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.text).toMatch(/"code":"(NOT_FOUND|MALFORMED_REQUEST)"/);
    await expectTablesUnchanged(database.current, before);
  });
});
