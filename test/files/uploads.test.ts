// Files uploaded over every protocol land in the same table and storage, and read back byte for byte.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import { forEachDatabase } from '../helpers/databases';
import { forEachStorage, onStorage } from '../helpers/storages';
import { OPERATOR_AUTHORIZATION, useGatepost } from '../helpers/start-gatepost';
import { PNG, fileOf, fileRows, graphqlUploadForm, restUpload, sha256Of, storedKeys, textBytes } from './upload-helpers';

forEachDatabase((database) => {
  forEachStorage((storage) => {
    const gp = useGatepost(database, onStorage(storage));
    let user: SignedIn;
    const asUser = () => bearer(user.token).authorization ?? '';

    it('stores a file sent to POST /api/files and answers 201 with its details and Location', async () => {
      user = await signUp(gp, 'uploader');
      const name = `pixel-${randomUUID()}.png`;
      const form = new FormData();
      form.set('description', 'a pixel');
      form.set('file', fileOf(PNG, name, 'image/png'));
      const response = await restUpload(gp, form, asUser());
      expect(response.status).toBe(201);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        name,
        mediaType: 'image/png',
        sizeBytes: PNG.length,
        sha256: sha256Of(PNG),
        url: `/files/${String(body.id)}`,
      });
      expect(response.headers.get('location')).toBe(`/api/files/${String(body.id)}`);
      const [row] = await fileRows(database.current, name);
      expect(row).toMatchObject({ id: body.id, ownerId: user.userId, description: 'a pixel', sizeBytes: PNG.length });
      expect(await storedKeys(storage.current)).toContain(body.id);
    });

    it('downloads the stored bytes back with their type, a safe attachment name and nosniff', async () => {
      const bytes = textBytes(300_000, randomUUID());
      const form = new FormData();
      form.set('file', fileOf(bytes, 'résumé "final".txt', 'text/plain'));
      const created = (await (await restUpload(gp, form, asUser())).json()) as { url: string; sha256: string };
      const download = await gp.anonymousFetch(created.url, { headers: { authorization: asUser() } });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('text/plain');
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect(download.headers.get('content-disposition')).toBe(
        `attachment; filename="r_sum_ _final_.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.txt`,
      );
      const received = Buffer.from(await download.arrayBuffer());
      expect(sha256Of(received)).toBe(created.sha256);
    });

    it('answers a byte range with 206 and just those bytes', async () => {
      const bytes = textBytes(100_000, randomUUID());
      const form = new FormData();
      form.set('file', fileOf(bytes, 'range.txt', 'text/plain'));
      const created = (await (await restUpload(gp, form, asUser())).json()) as { url: string };
      const part = await gp.anonymousFetch(created.url, { headers: { authorization: asUser(), range: 'bytes=1000-1999' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${bytes.length}`);
      expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);
      const past = await gp.anonymousFetch(created.url, { headers: { authorization: asUser(), range: `bytes=${bytes.length}-` } });
      expect(past.status).toBe(416);
      expect(past.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    });

    it('answers HEAD of a download with its headers and no body', async () => {
      const form = new FormData();
      form.set('file', fileOf(PNG, 'head.png', 'image/png'));
      const created = (await (await restUpload(gp, form, asUser())).json()) as { url: string; sha256: string };
      const head = await gp.anonymousFetch(created.url, { method: 'HEAD', headers: { authorization: asUser() } });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe(String(PNG.length));
      expect(head.headers.get('etag')).toBe(`"${created.sha256}"`);
      expect(await head.text()).toBe('');
    });

    it("refuses another user's file as not found, and lets an admin read it", async () => {
      const form = new FormData();
      form.set('file', fileOf(PNG, 'private.png', 'image/png'));
      const created = (await (await restUpload(gp, form, asUser())).json()) as { id: string; url: string };
      const stranger = await signUp(gp, 'stranger');
      expect((await gp.anonymousFetch(created.url, { headers: bearer(stranger.token) })).status).toBe(404);
      expect((await gp.anonymousFetch(created.url)).status).toBe(401);
      expect((await gp.anonymousFetch(created.url, { headers: { authorization: OPERATOR_AUTHORIZATION } })).status).toBe(200);
    });

    it('stores a file sent as a GraphQL multipart request', async () => {
      const name = `graphql-${randomUUID()}.png`;
      const response = await gp.anonymousFetch('/graphql', {
        method: 'POST',
        body: graphqlUploadForm(fileOf(PNG, name, 'image/png'), 'over GraphQL'),
        headers: { authorization: asUser() },
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data: { uploadFile: Record<string, unknown> } };
      expect(body.data.uploadFile).toMatchObject({ name, mediaType: 'image/png', sizeBytes: PNG.length, sha256: sha256Of(PNG) });
      expect(await fileRows(database.current, name)).toHaveLength(1);
    });

    it('stores a file sent as tRPC FormData input', async () => {
      const name = `trpc-${randomUUID()}.png`;
      const form = new FormData();
      form.set('file', fileOf(PNG, name, 'image/png'));
      const response = await gp.anonymousFetch('/trpc/files.upload', { method: 'POST', body: form, headers: { authorization: asUser() } });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { result: { data: Record<string, unknown> } };
      expect(body.result.data).toMatchObject({ name, mediaType: 'image/png', sha256: sha256Of(PNG) });
      expect(await fileRows(database.current, name)).toHaveLength(1);
    });

    it('stores a file through the typed client, on tRPC and on GraphQL', async () => {
      const client = gp.newClient({ headers: bearer(user.token) });
      const overTrpc = await client.trpc.files.upload.mutate({ file: fileOf(PNG, 'client-trpc.png', 'image/png') });
      expect(overTrpc).toMatchObject({ name: 'client-trpc.png', sha256: sha256Of(PNG) });
      const overGraphQL = await client.graphql.mutate('files.upload', { file: fileOf(PNG, 'client-graphql.png', 'image/png') });
      expect(overGraphQL).toMatchObject({ name: 'client-graphql.png', sha256: sha256Of(PNG) });
    });

    it('replays the first answer when the same file is sent again with the same Idempotency-Key, keeping one file', async () => {
      const key = randomUUID();
      const send = () => {
        const form = new FormData();
        form.set('file', fileOf(PNG, `retried-${key}.png`, 'image/png'));
        return gp.anonymousFetch('/api/files', { method: 'POST', body: form, headers: { authorization: asUser(), 'idempotency-key': key } });
      };
      const first = await send();
      const again = await send();
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await again.json()).toEqual(await first.json());
      expect(await fileRows(database.current, `retried-${key}.png`)).toHaveLength(1);
    });

    describe('a contact message with an attachment', () => {
      it('writes the contact and its file together, and lists it for admins', async () => {
        const email = `attach.${randomUUID()}@example.com`;
        const form = new FormData();
        form.set('name', 'Ada');
        form.set('email', email);
        form.set('attachment', fileOf(PNG, 'screenshot.png', 'image/png'));
        const response = await gp.anonymousFetch('/api/contacts', { method: 'POST', body: form });
        expect(response.status).toBe(201);
        const contact = (await response.json()) as { id: string; attachment: { id: string; url: string } };
        expect(contact.attachment).toMatchObject({ name: 'screenshot.png', mediaType: 'image/png', sizeBytes: PNG.length });
        const read = await gp.fetch(`/api/contacts/${contact.id}`);
        expect(((await read.json()) as { attachment: unknown }).attachment).toEqual(contact.attachment);
        const download = await gp.fetch(contact.attachment.url);
        expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
      });
    });
  });
});
