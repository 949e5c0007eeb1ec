// GraphQL's two batch forms through the real server and database: several mutation fields in one
// operation (run serially; a failing field is null with its error at its response key), and
// request arrays (a JSON array of operations → a JSON array of results). `@atomic` on an
// operation, or `Gatepost-Atomic: true` on a request, keeps all of its calls or none.
import { expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost } from '../helpers/start-gatepost';
import {
  ATOMIC,
  CREATE_USER,
  emailOf,
  expectTablesUnchanged,
  fieldErrorCodes,
  postGraphQL,
  rowsTagged,
  snapshotTables,
  SUBMIT_CONTACT,
  uniqueTag,
  type GraphQLResult,
} from './helpers';

/** Three mutation fields under response keys `contact`, `user` and `other`. */
const THREE_FIELDS = `($contact: SubmitContactInput!, $user: CreateUserInput!, $other: CreateUserInput!) {
  contact: submitContact(input: $contact) { id email }
  user: createUser(input: $user) { id email }
  other: createUser(input: $other) { id email }
}`;

forEachDatabase((database) => {
  const gp = useGatepost(database);

  function threeFields(tag: string, other: { email: string; displayName: string }) {
    return {
      contact: { name: 'Ada', email: emailOf('ada', tag) },
      user: { email: emailOf('grace', tag), displayName: 'Grace' },
      other,
    };
  }

  it('returns null with the error at its response key for a failing field and keeps the other fields', async () => {
    const tag = uniqueTag();
    const answer = await postGraphQL(gp, {
      query: `mutation Three${THREE_FIELDS}`,
      variables: threeFields(tag, { email: 'not-an-email', displayName: 'Nobody' }),
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({
      contact: { email: emailOf('ada', tag) },
      user: { email: emailOf('grace', tag) },
      other: null,
    });
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors?.[0]).toMatchObject({
      message: 'email: must be an email address',
      path: ['other'],
      extensions: { code: 'BAD_USER_INPUT', issues: [{ path: ['email'], message: 'must be an email address' }] },
    });
    const rows = await rowsTagged(database.current, tag);
    expect({ contacts: rows.contacts.length, users: rows.users.length }).toEqual({ contacts: 1, users: 1 });
  });

  it('runs mutation fields in order, so a later field creating the same email meets CONFLICT', async () => {
    const tag = uniqueTag();
    const answer = await postGraphQL(gp, {
      query: `mutation Three${THREE_FIELDS}`,
      variables: threeFields(tag, { email: emailOf('grace', tag).toUpperCase(), displayName: 'Grace again' }),
    });
    expect(answer.body.data).toMatchObject({ user: { email: emailOf('grace', tag) }, other: null });
    expect(answer.body.errors?.[0]).toMatchObject({
      message: 'email: is already taken',
      path: ['other'],
      extensions: { code: 'CONFLICT', issues: [{ path: ['email'], message: 'is already taken' }] },
    });
    const { users } = await rowsTagged(database.current, tag);
    expect(users.map((user) => user.displayName)).toEqual(['Grace']);
  });

  it('rolls back an @atomic operation whose last field conflicts: every field null, the others BATCH_ABORTED', async () => {
    const tag = uniqueTag();
    const before = await snapshotTables(database.current);
    const answer = await postGraphQL(gp, {
      query: `mutation Three${THREE_FIELDS.replace(') {', ') @atomic {')}`,
      variables: threeFields(tag, { email: emailOf('grace', tag), displayName: 'Grace again' }),
    });
    expect(answer.body.data).toEqual({ contact: null, user: null, other: null });
    expect(fieldErrorCodes(answer.body)).toEqual({ contact: 'BATCH_ABORTED', user: 'BATCH_ABORTED', other: 'CONFLICT' });
    expect(answer.body.errors?.find((error) => error.path?.[0] === 'contact')?.message).toBe(
      'Not applied: another call of this atomic batch failed, so none of its calls were kept.',
    );
    await expectTablesUnchanged(database.current, before);
  });

  it('does not run the fields after the failing one of an @atomic operation and keeps nothing', async () => {
    const tag = uniqueTag();
    const before = await snapshotTables(database.current);
    const answer = await postGraphQL(gp, {
      query: `mutation Three${THREE_FIELDS.replace(') {', ') @atomic {')}`,
      variables: { ...threeFields(tag, { email: emailOf('linus', tag), displayName: 'Linus' }), contact: { name: '', email: 'x' } },
    });
    expect(answer.body.data).toEqual({ contact: null, user: null, other: null });
    expect(fieldErrorCodes(answer.body)).toEqual({ contact: 'BAD_USER_INPUT', user: 'BATCH_ABORTED', other: 'BATCH_ABORTED' });
    await expectTablesUnchanged(database.current, before);
  });

  it('keeps every field of an @atomic operation whose fields all succeed', async () => {
    const tag = uniqueTag();
    const answer = await postGraphQL(gp, {
      query: `mutation Three${THREE_FIELDS.replace(') {', ') @atomic {')}`,
      variables: threeFields(tag, { email: emailOf('linus', tag), displayName: 'Linus' }),
    });
    expect(answer.body.errors).toBeUndefined();
    const rows = await rowsTagged(database.current, tag);
    expect(rows.users.map((user) => user.id).sort()).toEqual(
      [answer.body.data?.user, answer.body.data?.other].map((field) => (field as { id: string }).id).sort(),
    );
    expect(rows.contacts).toHaveLength(1);
  });

  it('runs a single operation atomically when the request carries Gatepost-Atomic: true', async () => {
    const tag = uniqueTag();
    const before = await snapshotTables(database.current);
    const answer = await postGraphQL(
      gp,
      { query: `mutation Three${THREE_FIELDS}`, variables: threeFields(tag, { email: 'nope', displayName: 'Nobody' }) },
      ATOMIC,
    );
    expect(answer.body.data).toEqual({ contact: null, user: null, other: null });
    expect(fieldErrorCodes(answer.body)).toEqual({ contact: 'BATCH_ABORTED', user: 'BATCH_ABORTED', other: 'BAD_USER_INPUT' });
    await expectTablesUnchanged(database.current, before);
  });

  it('answers a request array with one result per operation, in order, each succeeding or failing alone', async () => {
    const tag = uniqueTag();
    const answer = await postGraphQL<GraphQLResult[]>(gp, [
      { query: SUBMIT_CONTACT, variables: { input: { name: 'Ada', email: emailOf('ada', tag) } } },
      { query: CREATE_USER, variables: { input: { email: 'not-an-email', displayName: 'Nobody' } } },
      { query: CREATE_USER, variables: { input: { email: emailOf('grace', tag), displayName: 'Grace' } } },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveLength(3);
    expect(answer.body[0]).toEqual({ data: { submitContact: expect.objectContaining({ email: emailOf('ada', tag) }) } });
    expect(answer.body[1]?.data).toEqual({ createUser: null });
    expect(answer.body[1]?.errors?.[0]).toMatchObject({ path: ['createUser'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(answer.body[2]).toEqual({ data: { createUser: expect.objectContaining({ email: emailOf('grace', tag) }) } });
    const rows = await rowsTagged(database.current, tag);
    expect({ contacts: rows.contacts.length, users: rows.users.length }).toEqual({ contacts: 1, users: 1 });
  });

  it('keeps the first operation of a request array creating one email and answers the later ones CONFLICT', async () => {
    const tag = uniqueTag();
    const email = emailOf('twice', tag);
    const answer = await postGraphQL<GraphQLResult[]>(gp, [
      { query: CREATE_USER, variables: { input: { email, displayName: 'First' } } },
      { query: CREATE_USER, variables: { input: { email: email.toUpperCase(), displayName: 'Second' } } },
      { query: CREATE_USER, variables: { input: { email, displayName: 'Third' } } },
    ]);
    expect(answer.body.map((result) => fieldErrorCodes(result).createUser ?? 'OK')).toEqual(['OK', 'CONFLICT', 'CONFLICT']);
    const { users } = await rowsTagged(database.current, tag);
    expect(users.map((user) => user.displayName)).toEqual(['First']);
  });

  it('rolls back an atomic request array when one operation fails, the others null with BATCH_ABORTED', async () => {
    const tag = uniqueTag();
    const taken = emailOf('taken', tag);
    await gp.client.trpc.users.create.mutate({ email: taken, displayName: 'Already here' });
    const before = await snapshotTables(database.current);
    const answer = await postGraphQL<GraphQLResult[]>(
      gp,
      [
        { query: SUBMIT_CONTACT, variables: { input: { name: 'Ada', email: emailOf('ada', tag) } } },
        { query: CREATE_USER, variables: { input: { email: taken.toUpperCase(), displayName: 'Late' } } },
        { query: CREATE_USER, variables: { input: { email: emailOf('grace', tag), displayName: 'Grace' } } },
      ],
      ATOMIC,
    );
    expect(answer.body.map((result) => result.data)).toEqual([{ submitContact: null }, { createUser: null }, { createUser: null }]);
    expect(answer.body.map(fieldErrorCodes)).toEqual([
      { submitContact: 'BATCH_ABORTED' },
      { createUser: 'CONFLICT' },
      { createUser: 'BATCH_ABORTED' },
    ]);
    await expectTablesUnchanged(database.current, before);
  });

  it('keeps every operation of an atomic request array whose operations all succeed', async () => {
    const tag = uniqueTag();
    const answer = await postGraphQL<GraphQLResult[]>(
      gp,
      [
        { query: SUBMIT_CONTACT, variables: { input: { name: 'Ada', email: emailOf('ada', tag) } } },
        { query: CREATE_USER, variables: { input: { email: emailOf('ada', tag), displayName: 'Ada' } } },
      ],
      ATOMIC,
    );
    expect(answer.body.every((result) => result.errors === undefined)).toBe(true);
    const rows = await rowsTagged(database.current, tag);
    expect({ contacts: rows.contacts.length, users: rows.users.length }).toEqual({ contacts: 1, users: 1 });
  });

  it('rolls back an atomic request array when one operation carries input its type refuses', async () => {
    const tag = uniqueTag();
    const before = await snapshotTables(database.current);
    const answer = await postGraphQL<GraphQLResult[]>(
      gp,
      [
        { query: CREATE_USER, variables: { input: { email: emailOf('grace', tag), displayName: 'Grace' } } },
        // No displayName: refused while coercing variables, the same VALIDATION_FAILED a tRPC call meets.
        { query: CREATE_USER, variables: { input: { email: emailOf('linus', tag) } } },
      ],
      ATOMIC,
    );
    expect(answer.body[1]?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.body[0]?.data).toEqual({ createUser: null });
    expect(answer.body[0]?.errors?.[0]?.extensions?.code).toBe('BATCH_ABORTED');
    await expectTablesUnchanged(database.current, before);
  });

  it('honours @atomic on an operation sent inside a request array without the header', async () => {
    const tag = uniqueTag();
    const before = await snapshotTables(database.current);
    const answer = await postGraphQL<GraphQLResult[]>(gp, [
      {
        query: `mutation Three${THREE_FIELDS.replace(') {', ') @atomic {')}`,
        variables: threeFields(tag, { email: 'nope', displayName: 'Nobody' }),
      },
    ]);
    expect(answer.body[0]?.data).toEqual({ contact: null, user: null, other: null });
    expect(fieldErrorCodes(answer.body[0])).toEqual({ contact: 'BATCH_ABORTED', user: 'BATCH_ABORTED', other: 'BAD_USER_INPUT' });
    await expectTablesUnchanged(database.current, before);
  });

  it('refuses an empty request array with a 4xx and writes nothing', async () => {
    const before = await snapshotTables(database.current);
    const answer = await postGraphQL<GraphQLResult>(gp, []);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    await expectTablesUnchanged(database.current, before);
  });

  it('refuses an operation with no mutation field with 400 and writes nothing', async () => {
    const before = await snapshotTables(database.current);
    const answer = await postGraphQL(gp, { query: 'mutation Empty @atomic { }' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.message).toMatch(/^Syntax Error/);
    expect(answer.body).not.toHaveProperty('data');
    await expectTablesUnchanged(database.current, before);
  });
});
