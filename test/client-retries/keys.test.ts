// Which Idempotency-Key the real client puts on each request it sends to a real server: a fresh
// UUID per mutation request by default, the call's own key when it has one, none when it opts
// out, and none on queries — over tRPC and GraphQL.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/databases';
import { useGatepost } from '../helpers/start-gatepost';
import { recordingFetch } from './recording-fetch';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const database = useTestDatabase('embedded');
const gp = useGatepost(database);

const contact = () => ({ name: 'Ada', email: `ada.${randomUUID()}@example.com`, message: 'Hi' });

it('sends a fresh UUID Idempotency-Key with each tRPC mutation request', async () => {
  const recorder = recordingFetch();
  const client = gp.anonymousClient({ fetch: recorder.fetch });
  await client.trpc.contacts.submit.mutate(contact());
  await client.trpc.contacts.submit.mutate(contact());
  const keys = recorder.attempts.map((attempt) => attempt.key);
  expect(recorder.attempts.map((attempt) => attempt.method)).toEqual(['POST', 'POST']);
  expect(keys).toEqual([expect.stringMatching(UUID), expect.stringMatching(UUID)]);
  expect(keys[0]).not.toBe(keys[1]);
});

it('sends one key for a tRPC batch of mutations made in the same tick', async () => {
  const recorder = recordingFetch();
  const client = gp.anonymousClient({ fetch: recorder.fetch });
  await Promise.all([client.trpc.contacts.submit.mutate(contact()), client.trpc.contacts.submit.mutate(contact())]);
  expect(recorder.attempts).toHaveLength(1);
  expect(recorder.attempts[0]?.path).toBe('/trpc/contacts.submit,contacts.submit?batch=1');
  expect(recorder.attempts[0]?.key).toMatch(UUID);
});

it('sends no Idempotency-Key with a tRPC query', async () => {
  const recorder = recordingFetch();
  const client = gp.anonymousClient({ fetch: recorder.fetch });
  await client.trpc.catalog.list.query({});
  expect(recorder.attempts.map((attempt) => [attempt.method, attempt.key])).toEqual([['GET', null]]);
});

it("sends exactly the key a tRPC call was given as its own, in a request of the call's own", async () => {
  const recorder = recordingFetch();
  const client = gp.anonymousClient({ fetch: recorder.fetch });
  const own = `own-${randomUUID()}`;
  await Promise.all([
    client.trpc.contacts.submit.mutate(contact(), { context: { idempotencyKey: own } }),
    client.trpc.contacts.submit.mutate(contact()),
  ]);
  const ownRequest = recorder.attempts.filter((attempt) => attempt.key === own);
  expect(ownRequest.map((attempt) => attempt.path)).toEqual(['/trpc/contacts.submit']);
  expect(recorder.attempts).toHaveLength(2);
  expect(recorder.attempts.find((attempt) => attempt.key !== own)?.key).toMatch(UUID);
});

it("gets the first call's result back when a tRPC call is repeated with the same own key", async () => {
  const recorder = recordingFetch();
  const client = gp.anonymousClient({ fetch: recorder.fetch });
  const own = `own-${randomUUID()}`;
  const input = contact();
  const first = await client.trpc.contacts.submit.mutate(input, { context: { idempotencyKey: own } });
  const again = await client.trpc.contacts.submit.mutate(input, { context: { idempotencyKey: own } });
  expect(again).toEqual(first);
  expect(recorder.attempts.map((attempt) => attempt.outcome)).toEqual([
    expect.objectContaining({ status: 200, replayed: false }),
    expect.objectContaining({ status: 200, replayed: true }),
  ]);
});

it('sends no Idempotency-Key for a tRPC call given idempotencyKey: false', async () => {
  const recorder = recordingFetch();
  const client = gp.anonymousClient({ fetch: recorder.fetch });
  await client.trpc.contacts.submit.mutate(contact(), { context: { idempotencyKey: false } });
  expect(recorder.attempts.map((attempt) => [attempt.method, attempt.key])).toEqual([['POST', null]]);
});

it('sends a fresh UUID Idempotency-Key with each GraphQL mutation', async () => {
  const recorder = recordingFetch();
  const client = gp.anonymousClient({ fetch: recorder.fetch });
  await client.graphql.mutate('contacts.submit', contact());
  await client.graphql.mutate('contacts.submit', contact());
  const keys = recorder.attempts.map((attempt) => attempt.key);
  expect(recorder.attempts.map((attempt) => attempt.path)).toEqual(['/graphql', '/graphql']);
  expect(keys).toEqual([expect.stringMatching(UUID), expect.stringMatching(UUID)]);
  expect(keys[0]).not.toBe(keys[1]);
});

it('sends exactly the key a GraphQL mutation was given as its own', async () => {
  const recorder = recordingFetch();
  const client = gp.anonymousClient({ fetch: recorder.fetch });
  const own = `own-${randomUUID()}`;
  await client.graphql.mutate('contacts.submit', contact(), { idempotencyKey: own });
  expect(recorder.attempts.map((attempt) => attempt.key)).toEqual([own]);
});

it('sends no Idempotency-Key for a GraphQL mutation given idempotencyKey: false', async () => {
  const recorder = recordingFetch();
  const client = gp.anonymousClient({ fetch: recorder.fetch });
  await client.graphql.mutate('contacts.submit', contact(), { idempotencyKey: false });
  expect(recorder.attempts.map((attempt) => [attempt.path, attempt.key])).toEqual([['/graphql', null]]);
});

it('sends no Idempotency-Key with a GraphQL query', async () => {
  const recorder = recordingFetch();
  const client = gp.anonymousClient({ fetch: recorder.fetch });
  await client.graphql.query('catalog.list', {});
  expect(recorder.attempts.map((attempt) => [attempt.path, attempt.key])).toEqual([['/graphql', null]]);
});
