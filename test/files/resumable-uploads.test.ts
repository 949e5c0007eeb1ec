// Resumable uploads (tus 1.0 at /uploads): an interrupted upload resumes from its last stored byte and ends as a row of files.
import { randomBytes } from 'node:crypto';
import { Upload as TusUpload } from 'tus-js-client';
import { expect, it } from 'vitest';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import { forEachDatabase } from '../helpers/databases';
import { forEachStorage, onStorage } from '../helpers/storages';
import { useGatepost } from '../helpers/start-gatepost';
import { sha256Of } from './upload-helpers';

const TUS = { 'tus-resumable': '1.0.0' };

function metadata(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');
}

forEachDatabase((database) => {
  forEachStorage((storage) => {
    const gp = useGatepost(database, onStorage(storage));
    let user: SignedIn;
    const auth = () => bearer(user.token);

    async function create(size: number, name: string): Promise<string> {
      const created = await gp.anonymousFetch('/uploads', {
        method: 'POST',
        headers: {
          ...TUS,
          ...auth(),
          'upload-length': String(size),
          'upload-metadata': metadata({ filename: name, filetype: 'application/octet-stream' }),
        },
      });
      expect(created.status).toBe(201);
      return created.headers.get('location') ?? '';
    }

    function patch(location: string, offset: number, bytes: Buffer, headers = auth()): Promise<Response> {
      return gp.anonymousFetch(location, {
        method: 'PATCH',
        headers: { ...TUS, ...headers, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
        body: new Uint8Array(bytes),
      });
    }

    it('resumes an interrupted upload from the offset stored, sending only the rest, and ends as a file', async () => {
      user = await signUp(gp, 'resumer');
      const bytes = randomBytes(6 * 1024 * 1024);
      const location = await create(bytes.length, 'big.bin');
      // The first 60% arrive; then the connection is gone.
      const sixty = Math.floor(bytes.length * 0.6);
      expect((await patch(location, 0, bytes.subarray(0, sixty))).status).toBe(204);
      const head = await gp.anonymousFetch(location, { method: 'HEAD', headers: { ...TUS, ...auth() } });
      expect(head.headers.get('upload-offset')).toBe(String(sixty));
      const rest = await patch(location, sixty, bytes.subarray(sixty));
      expect(rest.status).toBe(204);
      const fileId = rest.headers.get('gatepost-file-id');
      expect(location.endsWith(`/${String(fileId)}`)).toBe(true);
      const read = await gp.anonymousFetch(`/api/files/${String(fileId)}`, { headers: auth() });
      expect(await read.json()).toMatchObject({ name: 'big.bin', sizeBytes: bytes.length, sha256: sha256Of(bytes) });
      const download = await gp.anonymousFetch(`/files/${String(fileId)}`, { headers: auth() });
      expect(sha256Of(Buffer.from(await download.arrayBuffer()))).toBe(sha256Of(bytes));
    });

    it('resumes with tus-js-client after an abort, and the file reads back whole', async () => {
      const bytes = randomBytes(3 * 1024 * 1024);
      let uploadUrl: string | null = null;
      await new Promise<void>((resolve, reject) => {
        const first = new TusUpload(bytes, {
          endpoint: `${gp.url}/uploads`,
          chunkSize: 1024 * 1024,
          headers: auth(),
          metadata: { filename: 'client.bin', filetype: 'application/octet-stream' },
          onChunkComplete: () => {
            uploadUrl = first.url;
            void first.abort().then(resolve, reject);
          },
          onError: reject,
        });
        first.start();
      });
      expect(uploadUrl).not.toBeNull();
      const firstSent: number[] = [];
      const fileId = await new Promise<string>((resolve, reject) => {
        const resumed = new TusUpload(bytes, {
          uploadUrl,
          endpoint: `${gp.url}/uploads`,
          chunkSize: 1024 * 1024,
          headers: auth(),
          onProgress: (sent) => firstSent.push(sent),
          onSuccess: (payload) => resolve(payload.lastResponse.getHeader('gatepost-file-id') ?? ''),
          onError: reject,
        });
        resumed.start();
      });
      // The resumed upload started from the megabyte already stored.
      expect(Math.min(...firstSent)).toBeGreaterThanOrEqual(1024 * 1024);
      const read = await gp.anonymousFetch(`/api/files/${fileId}`, { headers: auth() });
      expect(await read.json()).toMatchObject({ sizeBytes: bytes.length, sha256: sha256Of(bytes) });
    });

    it("refuses someone else's upload with 403 and an anonymous caller with 401", async () => {
      const location = await create(1024, 'mine.bin');
      const stranger = await signUp(gp, 'stranger');
      expect((await patch(location, 0, randomBytes(1024), bearer(stranger.token))).status).toBe(403);
      expect((await patch(location, 0, randomBytes(1024), {})).status).toBe(401);
    });

    it('answers 404 for an upload id that does not exist', async () => {
      expect((await patch('/uploads/00000000-0000-4000-8000-000000000000', 0, randomBytes(16))).status).toBe(404);
    });
  });
});
