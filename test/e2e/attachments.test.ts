// Files in Chromium: a contact message's attachment sent with upload progress and recorded (or
// refused, next to its field), downloaded by the admin with the operator key, and a signed-in user's
// resumable (tus) upload from the account page, continued from the server's offset after a reload.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tables } from '@gatepost/db';
import { eq } from 'drizzle-orm';
import type { Page, Request } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { contactsWithEmail, uniqueEmail, usersWithEmail } from '../auth/helpers';
import { fileOf, fileRows, PNG, PROGRAM, sha256Of } from '../files/upload-helpers';
import { TEST_OPERATOR_KEY } from '../helpers/start-gatepost';
import { signUpAndSignIn } from './sign-up';
import { describeInBrowser } from './use-browser-app';

/** tus-js-client's chunk as the account page sets it. */
const CHUNK_BYTES = 8 * 1024 ** 2;

const folder = mkdtempSync(join(tmpdir(), 'gatepost-e2e-files-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A real file on disk for the file picker (its modification time stays put, so tus fingerprints it alike each time). */
function fileOnDisk(name: string, bytes: Buffer): string {
  const path = join(folder, name);
  writeFileSync(path, bytes);
  return path;
}

/** Cuts the connection of the server's next answer to `method path` once its headers are out: the call ran, its answer never arrives. */
function loseNextAnswer(server: Server, method: string, path: string): void {
  server.on('request', function cutAnswer(request: IncomingMessage, response: ServerResponse) {
    if (request.method !== method || request.url !== path) return;
    server.off('request', cutAnswer);
    // Headers first: a browser resends a request whose connection closed before any answer.
    response.end = function endCut() {
      response.flushHeaders();
      setImmediate(() => response.socket?.destroy());
      return response;
    } as ServerResponse['end'];
  });
}

async function fillContactForm(page: Page, input: { name: string; email: string; attachment: string }): Promise<void> {
  await page.getByLabel('Name').fill(input.name);
  await page.getByLabel('Email').fill(input.email);
  await page.getByLabel(/^Attachment/).setInputFiles(input.attachment);
}

describeInBrowser('attachments and uploads', (app) => {
  /** The contact rows sent from `email`, each with its attachment's file row (null for none). */
  function contactsWithFiles(email: string) {
    return app.gp.database.handle.db
      .select({ contact: tables.contacts, file: tables.files })
      .from(tables.contacts)
      .leftJoin(tables.files, eq(tables.contacts.attachmentId, tables.files.id))
      .where(eq(tables.contacts.email, email));
  }

  async function openContactForm(): Promise<void> {
    await app.page.goto(app.gp.url);
    await app.page.getByRole('heading', { name: 'Contact us' }).waitFor();
  }

  it('sends a PNG attached to a contact message, names it in the thank-you notice and records it with the message', async () => {
    const email = uniqueEmail('e2e-attachment');
    await openContactForm();
    await fillContactForm(app.page, { name: 'Ada Attaches', email, attachment: fileOnDisk('pixel.png', PNG) });
    await app.page.getByRole('button', { name: 'Send' }).click();

    const attached = app.page.getByRole('status').getByTestId('contact-attachment');
    await attached.waitFor();
    expect(await attached.textContent()).toBe(`Attached: pixel.png (${PNG.length} bytes)`);
    const rows = await contactsWithFiles(email);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.contact.id).toBe(await app.page.getByTestId('contact-id').textContent());
    expect(rows[0]?.file).toMatchObject({
      name: 'pixel.png',
      mediaType: 'image/png',
      sizeBytes: PNG.length,
      sha256: sha256Of(PNG),
      ownerId: null,
    });
    await app.screenshot('attachment-sent');
  });

  it("downloads a contact message's attachment from the admin page with the operator key, byte for byte", async () => {
    const tag = randomUUID().slice(0, 8);
    const name = `Download ${tag}`;
    await app.gp.anonymousClient().trpc.contacts.submit.mutate({
      name,
      email: `download.${tag}@example.com`,
      attachment: fileOf(PNG, `pixel-${tag}.png`, 'image/png'),
    });
    await app.page.goto(`${app.gp.url}/admin`);
    await app.page.locator('[role="alert"][data-code="UNAUTHENTICATED"]').waitFor();
    await app.page.getByLabel(/^Operator key/).fill(TEST_OPERATOR_KEY);
    await app.page.getByRole('button', { name: 'Use key' }).click();

    const row = app.page.locator('table.contacts tbody tr').filter({ hasText: name });
    await row.waitFor();
    expect(await row.locator('td.attachment').textContent()).toContain(`pixel-${tag}.png ${PNG.length} bytes`);
    await app.screenshot('admin-attachment');
    const [download] = await Promise.all([app.page.waitForEvent('download'), row.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toBe(`pixel-${tag}.png`);
    expect(readFileSync(await download.path())).toEqual(PNG);
  });

  it("shows the server's message next to the attachment field for a .png that is really a program, and records nothing", async () => {
    const email = uniqueEmail('e2e-program');
    await openContactForm();
    await fillContactForm(app.page, { name: 'Not An Image', email, attachment: fileOnDisk('holiday.png', PROGRAM) });
    await app.page.getByRole('button', { name: 'Send' }).click();

    const error = app.page.locator('[data-field="attachment"] .field-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/its content is application\/x-msdownload/);
    expect(await app.page.getByLabel(/^Attachment/).getAttribute('aria-describedby')).toBe(await error.getAttribute('id'));
    expect(await app.page.locator('[data-field="email"] .field-error').count()).toBe(0);
    expect(await contactsWithEmail(app.gp.database, email)).toEqual([]);
    expect(await fileRows(app.gp.database, 'holiday.png')).toEqual([]);
    await app.screenshot('attachment-refused');
  });

  it('sends the message and its file again with "Try again" after the connection drops during the upload', async () => {
    const email = uniqueEmail('e2e-attachment-dropped');
    const sent: Request[] = [];
    await app.page.route('**/api/contacts', (route) => {
      sent.push(route.request());
      return sent.length === 1 ? route.abort('connectionreset') : route.continue();
    });
    await openContactForm();
    await fillContactForm(app.page, { name: 'Dropped Upload', email, attachment: fileOnDisk('dropped.png', PNG) });
    await app.page.getByRole('button', { name: 'Send' }).click();
    await app.page.locator('[role="alert"][data-code="NETWORK"]').waitFor();
    await app.screenshot('attachment-connection-dropped');
    await app.page.getByRole('button', { name: 'Try again' }).click();

    await app.page.getByRole('status').getByTestId('contact-attachment').filter({ hasText: 'dropped.png' }).waitFor();
    expect(sent).toHaveLength(2);
    expect((await contactsWithFiles(email)).map((row) => row.file?.name)).toEqual(['dropped.png']);
  });

  it('stops sending when Cancel is pressed, records nothing and keeps the message to send again', async () => {
    const email = uniqueEmail('e2e-attachment-cancel');
    // The request is held on its way out, so the upload is still in progress when Cancel is pressed.
    await app.page.route('**/api/contacts', () => {});
    await openContactForm();
    await fillContactForm(app.page, { name: 'Changed Mind', email, attachment: fileOnDisk('held.png', PNG) });
    await app.page.getByRole('button', { name: 'Send' }).click();
    await app.page.getByRole('progressbar', { name: 'Sending held.png' }).waitFor();
    await app.screenshot('attachment-sending');
    await app.page.getByRole('button', { name: 'Cancel' }).click();

    await app.page.getByRole('status').filter({ hasText: 'Sending was stopped' }).waitFor();
    await app.page.getByRole('button', { name: 'Try again' }).waitFor();
    expect(await app.page.getByLabel('Email').inputValue()).toBe(email);
    expect(await contactsWithEmail(app.gp.database, email)).toEqual([]);
  });

  it('records a message with an attachment once when its answer is lost and "Try again" sends it again', async () => {
    // The server records the message; its answer is cut off after the headers. (page.route cannot
    // do this here: Chromium does not hand an intercepted request's file part to route.fetch.)
    const email = uniqueEmail('e2e-attachment-lost');
    loseNextAnswer(app.gp.app.server, 'POST', '/api/contacts');
    const keys: (string | null)[] = [];
    app.page.on('request', (request) => {
      if (request.url().endsWith('/api/contacts')) keys.push(request.headers()['idempotency-key'] ?? null);
    });
    await openContactForm();
    await fillContactForm(app.page, { name: 'Lost Answer', email, attachment: fileOnDisk('lost.png', PNG) });
    await app.page.getByRole('button', { name: 'Send' }).click();
    await app.page.getByRole('button', { name: 'Try again' }).click();

    // The retry carries the same key and the same file, so the server replays the first answer.
    await app.page.getByRole('status').filter({ hasText: 'Thank you, Lost Answer' }).waitFor();
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
    expect((await contactsWithFiles(email)).map((row) => row.file?.name)).toEqual(['lost.png']);
    await app.screenshot('attachment-answer-lost');
  });

  it("sends a signed-in sender's large attachment resumably, then the message with its id", async () => {
    await signUpAndSignIn(app.page, app.gp.url, 'Large Sender');
    const bytes = Buffer.alloc(CHUNK_BYTES + 1024 * 1024, 'large attachments travel by tus.\n');
    const email = uniqueEmail('e2e-attachment-large');
    const patches: string[] = [];
    app.page.on('request', (request) => {
      if (request.method() === 'PATCH' && new URL(request.url()).pathname.startsWith('/uploads/')) patches.push(request.url());
    });
    await openContactForm();
    await fillContactForm(app.page, { name: 'Large Sender', email, attachment: fileOnDisk('large.txt', bytes) });
    await app.page.getByRole('button', { name: 'Send' }).click();
    await app.page.getByTestId('contact-attachment').waitFor();
    // Two chunks of one upload, then contacts.submit with its id.
    expect(patches.length).toBe(2);
    expect(new Set(patches).size).toBe(1);
    const [row] = await contactsWithFiles(email);
    expect(row?.file).toMatchObject({ name: 'large.txt', sizeBytes: bytes.length, sha256: sha256Of(bytes), mediaType: 'text/plain' });
    expect(new URL(patches[0] ?? '').pathname).toBe(`/uploads/${String(row?.file?.id)}`);
  });

  it('uploads a 3 MiB file resumably from the account page, to 100%, and lists it with a download link', async () => {
    const email = await signUpAndSignIn(app.page, app.gp.url, 'File Owner');
    const bytes = randomBytes(3 * 1024 * 1024);
    const uploads = app.page.getByRole('form', { name: 'Upload a file' });
    await uploads.getByLabel('File').setInputFiles(fileOnDisk('notes.bin', bytes));
    await uploads.getByRole('button', { name: 'Upload' }).click();

    const listed = app.page.locator('table.files tr[data-file="notes.bin"]');
    await listed.waitFor();
    const progress = app.page.locator('progress#upload-progress');
    expect(await progress.getAttribute('value')).toBe(String(bytes.length));
    expect(await progress.getAttribute('max')).toBe(String(bytes.length));
    expect(await app.page.locator('[data-progress="upload-progress"] .progress-percent').textContent()).toBe('100%');
    expect(await listed.textContent()).toContain('3.1 MB');
    const [user] = await usersWithEmail(app.gp.database, email);
    const [row] = await fileRows(app.gp.database, 'notes.bin');
    expect(row).toMatchObject({ ownerId: user?.id, sizeBytes: bytes.length, sha256: sha256Of(bytes) });
    const link = listed.getByRole('link', { name: 'Download notes.bin' });
    expect(await link.getAttribute('href')).toBe(`/files/${String(row?.id)}`);
    // The link works with the session cookie alone, as a click would send it.
    const downloaded = await app.page.request.get(`${app.gp.url}/files/${String(row?.id)}`);
    expect(sha256Of(await downloaded.body())).toBe(sha256Of(bytes));
    await app.screenshot('account-file-uploaded');
  });

  it('resumes an upload cut off by a dropped connection from the offset the server stored, after a reload', async () => {
    await signUpAndSignIn(app.page, app.gp.url, 'Resume Owner');
    const bytes = randomBytes(CHUNK_BYTES + 2 * 1024 * 1024);
    const path = fileOnDisk('big.bin', bytes);
    // The first chunk arrives; every later PATCH loses its connection, tus's retries too.
    let patches = 0;
    await app.page.route('**/uploads/*', async (route) => {
      if (route.request().method() !== 'PATCH') return route.continue();
      patches += 1;
      return patches === 1 ? route.continue() : route.abort('connectionreset');
    });
    const uploads = app.page.getByRole('form', { name: 'Upload a file' });
    await uploads.getByLabel('File').setInputFiles(path);
    await uploads.getByRole('button', { name: 'Upload' }).click();
    await uploads
      .getByRole('status')
      .filter({ hasText: /The connection dropped at \d+%/ })
      .waitFor({ timeout: 20_000 });
    await app.screenshot('account-upload-dropped');

    await app.page.unrouteAll();
    await app.page.reload();
    await app.page.getByTestId('unfinished-uploads').filter({ hasText: 'big.bin' }).waitFor();
    const offsets: (string | null)[] = [];
    app.page.on('request', (request) => {
      if (request.method() === 'PATCH') offsets.push(request.headers()['upload-offset'] ?? null);
    });
    await uploads.getByLabel('File').setInputFiles(path);
    await uploads.getByRole('button', { name: 'Resume upload' }).click();

    await app.page.locator('table.files tr[data-file="big.bin"]').waitFor();
    expect(offsets).toEqual([String(CHUNK_BYTES)]);
    const [row] = await fileRows(app.gp.database, 'big.bin');
    expect(row).toMatchObject({ sizeBytes: bytes.length, sha256: sha256Of(bytes) });
    await app.screenshot('account-upload-resumed');
  });
});
