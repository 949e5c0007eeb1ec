// Authorisation is decided per call, not per request: a plain user's batch that mixes an allowed
// call (contacts.submit) with a forbidden one (users.create) runs the first and refuses only the
// second, in its own slot — in a tRPC batch, a GraphQL multi-field mutation and a request array.
import { documentFor } from '@gatepost/client/graphql-document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldErrorCodes, type GraphQLResult, type TrpcEntry } from '../batches/helpers';
import { forEachDatabase } from '../helpers/databases';
import { OPERATOR_AUTHORIZATION, startGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';
import { operationNamed } from '../helpers/raw-call';
import { bearer, contactsWithEmail, signUp, uniqueEmail, usersWithEmail, type SignedIn } from './helpers';

const CONTACT_AND_USER =
  'mutation($contact: SubmitContactInput!, $user: CreateUserInput!) { contact: submitContact(input: $contact) { id } user: createUser(input: $user) { id } }';

forEachDatabase((database) => {
  let gp: GatepostUnderTest;
  let user: SignedIn;
  beforeAll(async () => {
    gp = await startGatepost({ database: database.current });
    user = await signUp(gp, 'batcher');
  });
  afterAll(async () => {
    await gp?.close();
  });

  async function post<Body>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Body }> {
    const response = await gp.anonymousFetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...bearer(user.token), ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Body };
  }

  function inputs() {
    return { contact: { name: 'Ada', email: uniqueEmail('batch-contact') }, user: { email: uniqueEmail('batch-user'), displayName: 'U' } };
  }

  describe('a tRPC batch of contacts.submit and users.create sent by a plain user', () => {
    let answer: { status: number; body: TrpcEntry[] };
    let sent: ReturnType<typeof inputs>;
    beforeAll(async () => {
      sent = inputs();
      answer = await post<TrpcEntry[]>('/trpc/contacts.submit,users.create?batch=1', { 0: sent.contact, 1: sent.user });
    });

    it('answers 207, as its calls ended differently', () => {
      expect(answer.status).toBe(207);
    });

    it('runs contacts.submit and keeps its row', async () => {
      expect(answer.body[0]?.result?.data).toMatchObject({ email: sent.contact.email });
      expect(await contactsWithEmail(database.current, sent.contact.email)).toHaveLength(1);
    });

    it('refuses users.create with 403 FORBIDDEN in its own slot and writes no user', async () => {
      expect(answer.body[1]?.error?.data).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403 });
      expect(await usersWithEmail(database.current, sent.user.email)).toEqual([]);
    });
  });

  describe('a GraphQL mutation with a submitContact and a createUser field sent by a plain user', () => {
    let answer: { status: number; body: GraphQLResult };
    let sent: ReturnType<typeof inputs>;
    beforeAll(async () => {
      sent = inputs();
      answer = await post<GraphQLResult>('/graphql', { query: CONTACT_AND_USER, variables: sent });
    });

    it('runs submitContact and keeps its row', async () => {
      expect(answer.body.data?.contact).toMatchObject({ id: expect.any(String) });
      expect(await contactsWithEmail(database.current, sent.contact.email)).toHaveLength(1);
    });

    it('answers createUser with null and a FORBIDDEN error at its path, and writes no user', async () => {
      expect(answer.body.data?.user).toBeNull();
      expect(fieldErrorCodes(answer.body)).toEqual({ user: 'FORBIDDEN' });
      expect(await usersWithEmail(database.current, sent.user.email)).toEqual([]);
    });
  });

  describe('a GraphQL request array of submitContact and createUser sent by a plain user', () => {
    let answer: { status: number; body: GraphQLResult[] };
    let sent: ReturnType<typeof inputs>;
    beforeAll(async () => {
      sent = inputs();
      answer = await post<GraphQLResult[]>('/graphql', [
        { query: documentFor(operationNamed('contacts.submit')), variables: { input: sent.contact } },
        { query: documentFor(operationNamed('users.create')), variables: { input: sent.user } },
      ]);
    });

    it('runs the submitContact operation and keeps its row', async () => {
      expect(answer.body[0]?.errors).toBeUndefined();
      expect(answer.body[0]?.data?.submitContact).toMatchObject({ email: sent.contact.email });
      expect(await contactsWithEmail(database.current, sent.contact.email)).toHaveLength(1);
    });

    it('refuses the createUser operation with FORBIDDEN in its own result and writes no user', async () => {
      expect(fieldErrorCodes(answer.body[1])).toEqual({ createUser: 'FORBIDDEN' });
      expect(await usersWithEmail(database.current, sent.user.email)).toEqual([]);
    });
  });

  describe('the same batches sent by the operator', () => {
    it('runs both calls of the tRPC batch', async () => {
      const sent = inputs();
      const answer = await post<TrpcEntry[]>(
        '/trpc/contacts.submit,users.create?batch=1',
        { 0: sent.contact, 1: sent.user },
        { authorization: OPERATOR_AUTHORIZATION },
      );
      expect(answer.body.map((entry) => (entry.result ? 'OK' : entry.error?.data.code))).toEqual(['OK', 'OK']);
      expect(await usersWithEmail(database.current, sent.user.email)).toHaveLength(1);
    });
  });
});
