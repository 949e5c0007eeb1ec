import { randomUUID } from 'node:crypto';
import { tables } from '@gatepost/db';
import { like } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { distinctContactTimestamps } from '../batches/helpers';
import { idempotencyKeyCount } from '../helpers/commerce';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';

const SUBMIT = 'submitContact(input: $input) { id name email }';

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly replayed: string | null;
}

async function post(gp: GatepostUnderTest, path: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
  const response = await gp.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json(), replayed: response.headers.get('idempotent-replayed') };
}

const trpcBatch = (gp: GatepostUnderTest, inputs: readonly unknown[], headers: Record<string, string>) =>
  post(gp, `/trpc/${inputs.map(() => 'contacts.submit').join(',')}?batch=1`, Object.fromEntries(inputs.entries()), headers);

forEachDatabase((database) => {
  const gp = useGatepost(database);
  const contact = (tag: string, index: number) => ({ name: `Ada ${index}`, email: `batch.${tag}.${index}@example.com` });
  const contactsTagged = async (tag: string) =>
    database.current.handle.db
      .select()
      .from(tables.contacts)
      .where(like(tables.contacts.email, `batch.${tag}.%`));

  it('replays every call of a retried tRPC batch, with Idempotent-Replayed: true and no new rows', async () => {
    const tag = randomUUID();
    const headers = { 'idempotency-key': randomUUID() };
    const inputs = [contact(tag, 0), contact(tag, 1), contact(tag, 2)];
    const first = await trpcBatch(gp, inputs, headers);
    const again = await trpcBatch(gp, inputs, headers);
    expect(first.replayed).toBeNull();
    expect(again).toEqual({ status: 200, body: first.body, replayed: 'true' });
    expect(await contactsTagged(tag)).toHaveLength(3);
  });

  it('still coalesces a keyed batch: its 50 calls are written by one statement (one created_at)', async () => {
    const tag = randomUUID();
    const answer = await trpcBatch(
      gp,
      Array.from({ length: 50 }, (_, index) => contact(tag, index)),
      { 'idempotency-key': randomUUID() },
    );
    expect(answer.status).toBe(200);
    expect(await distinctContactTimestamps(database.current, `batch.${tag}.`)).toEqual({ rows: 50, distinct: 1 });
  });

  it('replays the finished calls of a batch retried with one more call, and runs only the new one', async () => {
    const tag = randomUUID();
    const headers = { 'idempotency-key': randomUUID() };
    const first = await trpcBatch(gp, [contact(tag, 0), contact(tag, 1)], headers);
    const longer = await trpcBatch(gp, [contact(tag, 0), contact(tag, 1), contact(tag, 2)], headers);
    expect((longer.body as unknown[]).slice(0, 2)).toEqual(first.body);
    expect(longer.replayed).toBeNull();
    expect(await contactsTagged(tag)).toHaveLength(3);
  });

  it("replays a coalesced batch's per-call conflict as well as its successes", async () => {
    const tag = randomUUID();
    const taken = `batch.${tag}.taken@example.com`;
    await post(gp, '/trpc/users.create', { email: taken, displayName: 'First' }, {});
    const path = '/trpc/users.create,users.create?batch=1';
    const body = { 0: { email: `batch.${tag}.new@example.com`, displayName: 'New' }, 1: { email: taken, displayName: 'Second' } };
    const headers = { 'idempotency-key': randomUUID() };
    const first = await post(gp, path, body, headers);
    const again = await post(gp, path, body, headers);
    const [created, refused] = again.body as [{ result: unknown }, { error: { data: { code: string } } }];
    expect(first.status).toBe(207);
    expect(created).toEqual((first.body as unknown[])[0]);
    expect(refused.error.data.code).toBe('CONFLICT');
    expect(again.replayed).toBe('true');
  });

  it('answers a batch retried with one changed call by replaying the others and refusing that one with 422', async () => {
    const tag = randomUUID();
    const headers = { 'idempotency-key': randomUUID() };
    const first = await trpcBatch(gp, [contact(tag, 0), contact(tag, 1)], headers);
    const changed = await trpcBatch(gp, [contact(tag, 0), contact(tag, 9)], headers);
    const [replayed, refused] = changed.body as [unknown, { error: { data: { code: string } } }];
    expect(replayed).toEqual((first.body as unknown[])[0]);
    expect(refused.error.data.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // One call was refused rather than replayed: the response as a whole is not a replay.
    expect(changed.replayed).toBeNull();
    expect(await contactsTagged(tag)).toHaveLength(2);
  });

  it('replays a retried atomic tRPC batch whole', async () => {
    const tag = randomUUID();
    const headers = { 'idempotency-key': randomUUID(), 'gatepost-atomic': 'true' };
    const inputs = [contact(tag, 0), contact(tag, 1)];
    const first = await trpcBatch(gp, inputs, headers);
    const again = await trpcBatch(gp, inputs, headers);
    expect(again).toEqual({ status: 200, body: first.body, replayed: 'true' });
    expect(await contactsTagged(tag)).toHaveLength(2);
  });

  it('stores no key for an atomic batch that was rolled back, so its retry runs again', async () => {
    const tag = randomUUID();
    const taken = `batch.${tag}.taken@example.com`;
    await post(gp, '/trpc/users.create', { email: taken, displayName: 'First' }, {});
    const keysBefore = await idempotencyKeyCount(database.current);
    const calls = `/trpc/contacts.submit,users.create?batch=1`;
    const body = { 0: contact(tag, 0), 1: { email: taken, displayName: 'Second' } };
    const headers = { 'idempotency-key': randomUUID(), 'gatepost-atomic': 'true' };
    const first = await post(gp, calls, body, headers);
    expect(first.status).toBe(409);
    expect(await idempotencyKeyCount(database.current)).toBe(keysBefore);
    const again = await post(gp, calls, body, headers);
    expect(again.replayed).toBeNull();
    expect(again.status).toBe(409);
    expect(await contactsTagged(tag)).toHaveLength(0);
  });

  it('replays a retried multi-field GraphQL operation field by field', async () => {
    const tag = randomUUID();
    const key = randomUUID();
    const query = `mutation($a: SubmitContactInput!, $b: SubmitContactInput!) { a: submitContact(input: $a) { id email } b: submitContact(input: $b) { id email } }`;
    const variables = { a: contact(tag, 0), b: contact(tag, 1) };
    const first = await post(gp, '/graphql', { query, variables }, { 'idempotency-key': key });
    const again = await post(gp, '/graphql', { query, variables }, { 'idempotency-key': key });
    expect(again.body).toEqual(first.body);
    expect(again.replayed).toBe('true');
    expect(await contactsTagged(tag)).toHaveLength(2);
  });

  it('replays a retried GraphQL request array operation by operation', async () => {
    const tag = randomUUID();
    const key = randomUUID();
    const array = [0, 1, 2].map((index) => ({
      query: `mutation($input: SubmitContactInput!) { ${SUBMIT} }`,
      variables: { input: contact(tag, index) },
    }));
    const first = await post(gp, '/graphql', array, { 'idempotency-key': key });
    const again = await post(gp, '/graphql', array, { 'idempotency-key': key });
    expect(again.body).toEqual(first.body);
    expect(again.replayed).toBe('true');
    expect(await contactsTagged(tag)).toHaveLength(3);
  });

  it('replays a retried atomic GraphQL operation (@atomic) whole', async () => {
    const tag = randomUUID();
    const headers = { 'idempotency-key': randomUUID() };
    const query = `mutation($a: SubmitContactInput!, $b: SubmitContactInput!) @atomic { a: submitContact(input: $a) { id } b: submitContact(input: $b) { id } }`;
    const variables = { a: contact(tag, 0), b: contact(tag, 1) };
    const first = await post(gp, '/graphql', { query, variables }, headers);
    const again = await post(gp, '/graphql', { query, variables }, headers);
    expect(again).toEqual({ status: 200, body: first.body, replayed: 'true' });
    expect(await contactsTagged(tag)).toHaveLength(2);
  });
});
