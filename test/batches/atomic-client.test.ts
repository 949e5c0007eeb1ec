// The client's atomic API over the real server and database:
// `client.atomic((c) => [c.contacts.submit.mutate(a), c.users.create.mutate(b)])` resolves to the
// typed tuple with everything kept, or rejects with AtomicBatchError and keeps nothing.
import { AtomicBatchError, GatepostClientError, TRPCClientError, type AppRouter } from '@gatepost/client';
import { Contact } from '@gatepost/shared';
import { expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost } from '../helpers/start-gatepost';
import { emailOf, expectTablesUnchanged, requestLinesSince, rowsTagged, settleLogs, snapshotTables, uniqueTag } from './helpers';

function codeOfClientError(error: unknown): unknown {
  return error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data?.code : undefined;
}

async function atomicFailure(promise: Promise<unknown>): Promise<AtomicBatchError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AtomicBatchError);
  return error as AtomicBatchError;
}

forEachDatabase((database) => {
  const gp = useGatepost(database);

  it('resolves to the typed tuple of results and keeps every call when all succeed', async () => {
    const tag = uniqueTag();
    const [contact, user] = await gp.client.atomic((c) => [
      c.contacts.submit.mutate({ name: 'Ada', email: emailOf('ada', tag), message: 'Hi' }),
      c.users.create.mutate({ email: emailOf('ada', tag), displayName: 'Ada' }),
    ]);
    expectTypeOf(contact).toEqualTypeOf<z.output<typeof Contact>>();
    expectTypeOf(user).toEqualTypeOf<{ id: string; email: string; displayName: string; createdAt: string }>();
    expect(contact).toMatchObject({ name: 'Ada', message: 'Hi' });
    expect(user).toMatchObject({ displayName: 'Ada' });
    const rows = await rowsTagged(database.current, tag);
    expect(rows.contacts.map((row) => row.id)).toEqual([contact.id]);
    expect(rows.users.map((row) => row.id)).toEqual([user.id]);
  });

  it('sends all calls of an atomic batch as one request carrying Gatepost-Atomic', async () => {
    const tag = uniqueTag();
    const from = gp.logs.length;
    await gp.client.atomic((c) => [
      c.contacts.submit.mutate({ name: 'Ada', email: emailOf('ada', tag) }),
      c.contacts.submit.mutate({ name: 'Grace', email: emailOf('grace', tag) }),
      c.users.create.mutate({ email: emailOf('linus', tag), displayName: 'Linus' }),
    ]);
    await settleLogs();
    expect(requestLinesSince(gp, from).map((line) => line.path)).toEqual(['/trpc/contacts.submit,contacts.submit,users.create']);
  });

  it('rejects with AtomicBatchError naming the failing call and keeps nothing when one call conflicts', async () => {
    const tag = uniqueTag();
    const taken = emailOf('taken', tag);
    await gp.client.trpc.users.create.mutate({ email: taken, displayName: 'Already here' });
    const before = await snapshotTables(database.current);
    const error = await atomicFailure(
      gp.client.atomic((c) => [
        c.contacts.submit.mutate({ name: 'Ada', email: emailOf('ada', tag) }),
        c.users.create.mutate({ email: taken.toUpperCase(), displayName: 'Late' }),
        c.users.create.mutate({ email: emailOf('grace', tag), displayName: 'Grace' }),
      ]),
    );
    expect(error.failedIndex).toBe(1);
    expect(error.errors.map(codeOfClientError)).toEqual(['BATCH_ABORTED', 'CONFLICT', 'BATCH_ABORTED']);
    expect(error).toMatchObject({ code: 'BATCH_ABORTED', status: 409 });
    expect(error.message).toContain('call 1 failed: email: is already taken');
    await expectTablesUnchanged(database.current, before);
  });

  it('reports the first call as failed when it is the invalid one, and keeps nothing', async () => {
    const tag = uniqueTag();
    const before = await snapshotTables(database.current);
    const error = await atomicFailure(
      gp.client.atomic((c) => [
        c.users.create.mutate({ email: 'not-an-email', displayName: 'Nobody' }),
        c.contacts.submit.mutate({ name: 'Ada', email: emailOf('ada', tag) }),
      ]),
    );
    expect(error.failedIndex).toBe(0);
    expect(error.errors.map(codeOfClientError)).toEqual(['VALIDATION_FAILED', 'BATCH_ABORTED']);
    expect((error.errors[0] as TRPCClientError<AppRouter>).data?.issues).toEqual([
      { path: ['email'], message: 'must be an email address' },
    ]);
    await expectTablesUnchanged(database.current, before);
  });

  it('keeps neither user when an atomic batch creates one email twice', async () => {
    const tag = uniqueTag();
    const email = emailOf('twice', tag);
    const before = await snapshotTables(database.current);
    const error = await atomicFailure(
      gp.client.atomic((c) => [
        c.users.create.mutate({ email, displayName: 'First' }),
        c.users.create.mutate({ email: email.toUpperCase(), displayName: 'Second' }),
      ]),
    );
    expect(error.failedIndex).toBe(1);
    expect(error.errors.map(codeOfClientError)).toEqual(['BATCH_ABORTED', 'CONFLICT']);
    await expectTablesUnchanged(database.current, before);
  });

  it('rolls back a bulk call of an atomic batch with the rest when a later call fails', async () => {
    const tag = uniqueTag();
    const before = await snapshotTables(database.current);
    const error = await atomicFailure(
      gp.client.atomic((c) => [
        c.contacts.submitMany.mutate({ items: [1, 2, 3].map((n) => ({ name: `Writer ${n}`, email: emailOf(`w${n}`, tag) })) }),
        c.users.create.mutate({ email: emailOf('ada', tag), displayName: '' }),
      ]),
    );
    expect(error.failedIndex).toBe(1);
    expect(error.errors.map(codeOfClientError)).toEqual(['BATCH_ABORTED', 'VALIDATION_FAILED']);
    await expectTablesUnchanged(database.current, before);
  });

  it('resolves an atomic batch with no calls to an empty tuple without sending a request', async () => {
    const from = gp.logs.length;
    expect(await gp.client.atomic(() => [])).toEqual([]);
    await settleLogs();
    expect(requestLinesSince(gp, from)).toEqual([]);
  });

  it('refuses an atomic batch over the client’s maxBatchCalls before sending it, and writes nothing', async () => {
    const tag = uniqueTag();
    const client = gp.newClient({ maxBatchCalls: 2 });
    const before = await snapshotTables(database.current);
    const from = gp.logs.length;
    const error = await client
      .atomic((c) => [1, 2, 3].map((n) => c.contacts.submit.mutate({ name: `Writer ${n}`, email: emailOf(`w${n}`, tag) })))
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(GatepostClientError);
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    expect((error as Error).message).toContain('at most 2 calls');
    await settleLogs();
    expect(requestLinesSince(gp, from)).toEqual([]);
    await expectTablesUnchanged(database.current, before);
  });
});
