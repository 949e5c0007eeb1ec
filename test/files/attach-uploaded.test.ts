// A contact message may attach a file its sender uploaded before (files.upload, or resumably at /uploads), by id.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost } from '../helpers/start-gatepost';
import { PNG, fileOf } from './upload-helpers';

forEachDatabase((database) => {
  const gp = useGatepost(database);
  let owner: SignedIn;

  async function uploadAs(user: SignedIn): Promise<string> {
    const file = await gp
      .newClient({ headers: bearer(user.token) })
      .trpc.files.upload.mutate({ file: fileOf(PNG, 'earlier.png', 'image/png') });
    return file.id;
  }

  it('attaches a file the sender uploaded before, by its id', async () => {
    owner = await signUp(gp, 'attacher');
    const fileId = await uploadAs(owner);
    const contact = await gp
      .newClient({ headers: bearer(owner.token) })
      .trpc.contacts.submit.mutate({ name: 'Ada', email: `attach.${randomUUID()}@example.com`, attachmentId: fileId });
    expect(contact.attachment).toMatchObject({ id: fileId, name: 'earlier.png', mediaType: 'image/png', sizeBytes: PNG.length });
    const read = await gp.client.trpc.contacts.get.query({ id: contact.id });
    expect(read?.attachment).toEqual(contact.attachment);
  });

  it("refuses someone else's file with 400 naming attachmentId, writing nothing", async () => {
    const fileId = await uploadAs(owner);
    const stranger = await signUp(gp, 'stranger');
    const email = `steal.${randomUUID()}@example.com`;
    const response = await gp.anonymousFetch('/api/contacts', {
      method: 'POST',
      headers: { ...bearer(stranger.token), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Eve', email, attachmentId: fileId }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { issues: unknown }).issues).toEqual([
      { path: ['attachmentId'], message: 'is not a file you uploaded' },
    ]);
  });

  it('refuses a file already attached to another message with 409 naming attachmentId', async () => {
    const fileId = await uploadAs(owner);
    const client = gp.newClient({ headers: bearer(owner.token) });
    await client.trpc.contacts.submit.mutate({ name: 'Ada', email: `first.${randomUUID()}@example.com`, attachmentId: fileId });
    const again = await gp.anonymousFetch('/api/contacts', {
      method: 'POST',
      headers: { ...bearer(owner.token), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', email: `again.${randomUUID()}@example.com`, attachmentId: fileId }),
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { issues: unknown }).issues).toEqual([
      { path: ['attachmentId'], message: 'is attached to another message already' },
    ]);
  });

  it('refuses a file and an attachment id together with 400', async () => {
    const form = new FormData();
    form.set('name', 'Ada');
    form.set('email', `both.${randomUUID()}@example.com`);
    form.set('attachmentId', randomUUID());
    form.set('attachment', fileOf(PNG, 'both.png', 'image/png'));
    const response = await gp.anonymousFetch('/api/contacts', { method: 'POST', body: form, headers: bearer(owner.token) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toBe(
      'attachmentId: send a file or the id of one you uploaded, not both',
    );
  });
});
