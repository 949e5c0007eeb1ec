// Every refused upload is a clear 4xx with a catalog code, and leaves no row and no stored object.
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import { forEachDatabase } from '../helpers/databases';
import { forEachStorage, onStorage } from '../helpers/storages';
import { useGatepost } from '../helpers/start-gatepost';
import { PNG, PROGRAM, fileOf, fileRows, restUpload, storedKeys, textBytes } from './upload-helpers';

forEachDatabase((database) => {
  forEachStorage((storage) => {
    const gp = useGatepost(
      database,
      onStorage(storage, {
        config: { files: { dir: '', maxUploadBytes: 2 * 1024 * 1024, maxFilesPerRequest: 2, sweepIntervalMs: 3_600_000, s3: undefined } },
      }),
    );
    let user: SignedIn;
    const asUser = () => bearer(user.token).authorization ?? '';

    async function expectRefused(response: Response, status: number, code: string): Promise<Record<string, unknown>> {
      expect(response.status).toBe(status);
      const problem = (await response.json()) as Record<string, unknown>;
      expect(problem.code).toBe(code);
      expect(await storedKeys(storage.current)).toEqual([]);
      return problem;
    }

    it('refuses a file over the request limit with 413 naming the field, storing nothing', async () => {
      user = await signUp(gp, 'limits');
      const name = `big-${randomUUID()}.txt`;
      const form = new FormData();
      form.set('file', fileOf(textBytes(3 * 1024 * 1024), name, 'text/plain'));
      const problem = await expectRefused(await restUpload(gp, form, asUser()), 413, 'PAYLOAD_TOO_LARGE');
      expect(await fileRows(database.current, name)).toEqual([]);
      expect(problem.detail).toMatch(/2 MiB/);
    });

    it("refuses an attachment over its field's limit before the request's limit is reached", async () => {
      const email = `big.${randomUUID()}@example.com`;
      const form = new FormData();
      form.set('name', 'Ada');
      form.set('email', email);
      form.set('attachment', fileOf(Buffer.concat([PNG, Buffer.alloc(1024)]), 'shot.png', 'image/png'));
      // The contact attachment's own limit is 100 MiB, above this server's 2 MiB: the request's limit is the one met.
      form.set('attachment', fileOf(textBytes(2 * 1024 * 1024 + 1), 'big.txt', 'text/plain'));
      const problem = await expectRefused(
        await gp.anonymousFetch('/api/contacts', { method: 'POST', body: form }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      expect(problem.issues).toEqual([{ path: ['attachment'], message: expect.stringMatching(/MAX_UPLOAD_BYTES/) }]);
    });

    it("refuses files that are each within the limit but together over the request's with 413", async () => {
      const form = new FormData();
      form.append('file', fileOf(textBytes(1_250_000, 'first'), 'first.txt', 'text/plain'));
      form.append('file', fileOf(textBytes(1_250_000, 'second'), 'second.txt', 'text/plain'));
      const problem = await expectRefused(await restUpload(gp, form, asUser()), 413, 'PAYLOAD_TOO_LARGE');
      expect(problem.issues).toEqual([{ path: ['file'], message: expect.stringMatching(/MAX_UPLOAD_BYTES/) }]);
    });

    it('refuses a .png that is really a program with 415, storing nothing', async () => {
      const form = new FormData();
      form.set('name', 'Ada');
      form.set('email', `exe.${randomUUID()}@example.com`);
      form.set('attachment', fileOf(PROGRAM, 'cute-cat.png', 'image/png'));
      const problem = await expectRefused(
        await gp.anonymousFetch('/api/contacts', { method: 'POST', body: form }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expect(problem.issues).toEqual([
        { path: ['attachment'], message: expect.stringMatching(/image\/png but its content is application\/x-msdownload/) },
      ]);
    });

    it('refuses a file of a type the field does not take with 415', async () => {
      const form = new FormData();
      form.set('name', 'Ada');
      form.set('email', `zip.${randomUUID()}@example.com`);
      form.set('attachment', fileOf(PROGRAM, 'setup.exe', 'application/octet-stream'));
      const problem = await expectRefused(
        await gp.anonymousFetch('/api/contacts', { method: 'POST', body: form }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expect(String(problem.detail)).toMatch(/^attachment: is application\/x-msdownload; send one of image\/png/);
    });

    it('refuses an upload without its file with 400 naming the field', async () => {
      const form = new FormData();
      form.set('description', 'no file here');
      const problem = await expectRefused(await restUpload(gp, form, asUser()), 400, 'VALIDATION_FAILED');
      expect(problem.issues).toEqual([expect.objectContaining({ path: ['file'] })]);
    });

    it('refuses a file sent under a field that takes text with 400 naming it', async () => {
      const form = new FormData();
      form.set('description', fileOf(PNG, 'p.png', 'image/png'));
      const problem = await expectRefused(await restUpload(gp, form, asUser()), 400, 'VALIDATION_FAILED');
      expect(problem.issues).toEqual([{ path: ['description'], message: 'is not a file field' }]);
    });

    it('refuses more files than MAX_FILES_PER_REQUEST with 413', async () => {
      const form = new FormData();
      for (let index = 0; index < 3; index += 1) form.append('file', fileOf(PNG, `${index}.png`, 'image/png'));
      await expectRefused(await restUpload(gp, form, asUser()), 413, 'PAYLOAD_TOO_LARGE');
    });

    it('refuses an anonymous upload to a signed-in operation with 401 before storing it', async () => {
      const form = new FormData();
      form.set('file', fileOf(PNG, 'anonymous.png', 'image/png'));
      await expectRefused(await gp.anonymousFetch('/api/files', { method: 'POST', body: form }), 401, 'UNAUTHENTICATED');
    });

    it('keeps only the last segment of a file name that climbs folders', async () => {
      const form = new FormData();
      form.set('file', fileOf(PNG, '../../etc/passwd.png', 'image/png'));
      const response = await restUpload(gp, form, asUser());
      expect(response.status).toBe(201);
      expect(((await response.json()) as { name: string }).name).toBe('passwd.png');
    });

    it('refuses a file name with a NUL byte with 400, storing nothing', async () => {
      const before = await storedKeys(storage.current);
      const form = new FormData();
      form.set('file', fileOf(PNG, 'pass\u0000wd.png', 'image/png'));
      const response = await restUpload(gp, form, asUser());
      expect(response.status).toBe(400);
      expect(((await response.json()) as { code: string }).code).toBe('MALFORMED_REQUEST');
      expect(await storedKeys(storage.current)).toEqual(before);
    });

    it('leaves no row and no object when the client disconnects mid-upload', async () => {
      const before = await storedKeys(storage.current);
      const boundary = `gatepost${randomUUID()}`;
      const url = new URL(`${gp.url}/api/files`);
      const sent = httpRequest(url, {
        method: 'POST',
        headers: {
          authorization: asUser(),
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(1024 * 1024),
        },
      });
      sent.on('error', () => {});
      sent.write(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="cut.txt"\r\ncontent-type: text/plain\r\n\r\n`);
      sent.write(textBytes(200 * 1024));
      await sleep(200);
      sent.destroy();
      await expect.poll(() => storedKeys(storage.current), { timeout: 5000 }).toEqual(before);
      expect(await fileRows(database.current, 'cut.txt')).toEqual([]);
    });

    it('answers 413 while a large upload is still being sent', async () => {
      const boundary = `gatepost${randomUUID()}`;
      const url = new URL(`${gp.url}/api/files`);
      const answered = new Promise<number>((resolve, reject) => {
        const sending = httpRequest(url, {
          method: 'POST',
          headers: { authorization: asUser(), 'content-type': `multipart/form-data; boundary=${boundary}` },
        });
        sending.on('response', (response) => {
          resolve(response.statusCode ?? 0);
          response.resume();
          sending.destroy();
        });
        sending.on('error', reject);
        sending.write(
          `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="endless.txt"\r\ncontent-type: text/plain\r\n\r\n`,
        );
        // Chunked and never finished: the answer must come from the limit, not from the end of the body.
        const chunk = textBytes(256 * 1024);
        const pump = () => {
          while (!sending.destroyed && sending.write(chunk));
          if (!sending.destroyed) sending.once('drain', pump);
        };
        pump();
      });
      expect(await answered).toBe(413);
      await expect
        .poll(() => storedKeys(storage.current), { timeout: 5000 })
        .toEqual(expect.not.arrayContaining([expect.stringMatching(/endless/)]));
    });
  });
});
