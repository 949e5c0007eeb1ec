// A batch keyed K stores each of its calls under a slot of its own, which no request can name with
// a plain key: a lone call keyed `K/0` (or `K/b`, `K/2`) is a new call, never a replay of a batch's.
import { randomUUID } from 'node:crypto';
import { tables } from '@gatepost/db';
import { like } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';

interface Answer {
  readonly body: unknown;
  readonly replayed: string | null;
}

async function post(gp: GatepostUnderTest, path: string, body: unknown, key: string): Promise<Answer> {
  const response = await gp.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return { body: await response.json(), replayed: response.headers.get('idempotent-replayed') };
}

const SUBMIT = 'mutation($input: SubmitContactInput!) { submitContact(input: $input) { id email } }';

forEachDatabase((database) => {
  const gp = useGatepost(database);
  const contact = (tag: string, index: number) => ({ name: `Ada ${index}`, email: `slot.${tag}.${index}@example.com` });
  const contactsTagged = (tag: string) =>
    database.current.handle.db
      .select()
      .from(tables.contacts)
      .where(like(tables.contacts.email, `slot.${tag}.%`));

  it('runs a lone tRPC call keyed <key>/0 as a call of its own, not as call 0 of the batch keyed <key>', async () => {
    const tag = randomUUID();
    const key = randomUUID();
    await post(gp, '/trpc/contacts.submit,contacts.submit?batch=1', { 0: contact(tag, 0), 1: contact(tag, 1) }, key);
    const lone = await post(gp, '/trpc/contacts.submit', contact(tag, 0), `${key}/0`);
    expect(lone.replayed).toBeNull();
    expect(await contactsTagged(tag)).toHaveLength(3);
  });

  it('runs a lone call keyed <key>/0 of another mutation instead of refusing it as a reused key', async () => {
    const tag = randomUUID();
    const key = randomUUID();
    await post(gp, '/trpc/contacts.submit,contacts.submit?batch=1', { 0: contact(tag, 0), 1: contact(tag, 1) }, key);
    const lone = await post(gp, '/trpc/users.create', { email: `slot.${tag}.user@example.com`, displayName: 'Lone' }, `${key}/0`);
    expect(lone.body).toMatchObject({ result: { data: { email: `slot.${tag}.user@example.com` } } });
  });

  it('runs a lone GraphQL call keyed <key>/<response key> as a call of its own, not as that field of a multi-field operation', async () => {
    const tag = randomUUID();
    const key = randomUUID();
    const query = `mutation($a: SubmitContactInput!, $b: SubmitContactInput!) { a: submitContact(input: $a) { id } b: submitContact(input: $b) { id } }`;
    await post(gp, '/graphql', { query, variables: { a: contact(tag, 0), b: contact(tag, 1) } }, key);
    const lone = await post(gp, '/graphql', { query: SUBMIT, variables: { input: contact(tag, 1) } }, `${key}/b`);
    expect(lone.replayed).toBeNull();
    expect(await contactsTagged(tag)).toHaveLength(3);
  });

  it('runs a lone GraphQL call keyed <key>/<index> as a call of its own, not as that operation of a request array', async () => {
    const tag = randomUUID();
    const key = randomUUID();
    const array = [0, 1].map((index) => ({ query: SUBMIT, variables: { input: contact(tag, index) } }));
    await post(gp, '/graphql', array, key);
    const lone = await post(gp, '/graphql', array[1], `${key}/1`);
    expect(lone.replayed).toBeNull();
    expect(await contactsTagged(tag)).toHaveLength(3);
  });

  it('keeps apart the batch keyed <key>/0 and the request array keyed <key>, whose slots once both read <key>/0/a', async () => {
    const tag = randomUUID();
    const key = randomUUID();
    const twoFields = `mutation($a: SubmitContactInput!, $b: SubmitContactInput!) { a: submitContact(input: $a) { id } b: submitContact(input: $b) { id } }`;
    await post(gp, '/graphql', [{ query: twoFields, variables: { a: contact(tag, 0), b: contact(tag, 1) } }], key);
    const other = await post(gp, '/graphql', { query: twoFields, variables: { a: contact(tag, 0), b: contact(tag, 1) } }, `${key}/0`);
    expect(other.replayed).toBeNull();
    expect(await contactsTagged(tag)).toHaveLength(4);
  });
});
