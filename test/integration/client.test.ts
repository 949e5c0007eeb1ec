import { randomBytes } from 'node:crypto';
import { GatepostClientError, TRPCClientError, type AppRouter } from '@gatepost/client';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/databases';
import { useGatepost } from '../helpers/start-gatepost';

const unique = () => randomBytes(4).toString('hex');

const gp = useGatepost(useTestDatabase('embedded'));

function requestLines() {
  return gp.logs.filter((line) => line.msg === 'request');
}

describe('the typed tRPC client', () => {
  it('submits a contact and reads it back by id', async () => {
    const contact = await gp.client.trpc.contacts.submit.mutate({ name: 'Ada', email: `ada.${unique()}@example.com`, message: 'Hi' });
    expect(await gp.client.trpc.contacts.get.query({ id: contact.id })).toEqual(contact);
  });

  it('sends calls made in the same tick as one batch request', async () => {
    const before = requestLines().length;
    const [contact, user] = await Promise.all([
      gp.client.trpc.contacts.submit.mutate({ name: 'Batch', email: `batch.${unique()}@example.com` }),
      gp.client.trpc.users.create.mutate({ email: `batch.${unique()}@example.com`, displayName: 'Batch' }),
    ]);
    expect(contact.name).toBe('Batch');
    expect(user.displayName).toBe('Batch');
    const lines = requestLines().slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.path).toBe('/trpc/contacts.submit,users.create');
  });

  it('gives each call of a batch its own result, so one invalid call fails alone', async () => {
    const [good, bad] = await Promise.allSettled([
      gp.client.trpc.contacts.submit.mutate({ name: 'Good', email: `good.${unique()}@example.com` }),
      gp.client.trpc.contacts.submit.mutate({ name: 'Bad', email: 'not-an-email' }),
    ]);
    expect(good.status).toBe('fulfilled');
    expect(bad.status).toBe('rejected');
  });

  it('exposes the catalog code, field issues and request id on a failed call', async () => {
    const error = await gp.client.trpc.contacts.submit.mutate({ name: '', email: 'nope' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCClientError);
    const data = (error as TRPCClientError<AppRouter>).shape?.data;
    expect(data).toMatchObject({ code: 'VALIDATION_FAILED', httpStatus: 400, issues: [{ path: ['name'] }, { path: ['email'] }] });
    expect(typeof data?.requestId).toBe('string');
  });

  it('sends the configured headers with every request', async () => {
    const client = gp.newClient({ headers: () => ({ 'x-request-id': 'client-header-check' }), batch: false });
    await client.trpc.contacts.submit.mutate({ name: 'Headers', email: `h.${unique()}@example.com` });
    expect(requestLines().some((line) => line.requestId === 'client-header-check')).toBe(true);
  });
});

describe('the typed GraphQL caller', () => {
  it('runs a contract mutation and a query built from the contract', async () => {
    const user = await gp.client.graphql.mutate('users.create', { email: `grace.${unique()}@example.com`, displayName: 'Grace' });
    expect(user).toMatchObject({ displayName: 'Grace', id: expect.any(String), createdAt: expect.any(String) });
    expect(await gp.client.graphql.query('users.get', { id: user.id })).toEqual(user);
  });

  it('returns null for a query that finds nothing', async () => {
    expect(await gp.client.graphql.query('contacts.get', { id: '00000000-0000-4000-8000-000000000000' })).toBeNull();
  });

  it('throws a GatepostClientError with the catalog code and issues', async () => {
    const error = await gp.client.graphql.mutate('contacts.submit', { name: 'Ada', email: 'nope' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatepostClientError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: ['email'], message: 'must be an email address' }] });
  });

  it('passes arbitrary documents through request()', async () => {
    const { status, body } = await gp.client.graphql.request<{ __typename: string }>('{ __typename }');
    expect(status).toBe(200);
    expect(body.data).toEqual({ __typename: 'Query' });
  });
});
