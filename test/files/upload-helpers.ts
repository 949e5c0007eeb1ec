import { createHash } from 'node:crypto';
import { tables } from '@gatepost/db';
import { eq } from 'drizzle-orm';
import type { FileStorage } from '../../server/src/files/storage';
import type { TestDatabase } from '../helpers/databases';
import type { GatepostUnderTest } from '../helpers/start-gatepost';

/** The smallest valid PNG (a 1×1 transparent pixel): its first bytes say `image/png`. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** The first bytes of a Windows program (MZ header), padded: file-type calls it application/x-msdownload. */
export const PROGRAM = Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000', 'hex'), Buffer.alloc(4096, 1)]);

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `size` bytes of text (so the sniffer calls them text/plain), different for every seed. */
export function textBytes(size: number, seed = 'gatepost'): Buffer {
  const line = Buffer.from(`${seed} uploads stream in constant memory.\n`);
  return Buffer.alloc(size, line);
}

export function fileOf(bytes: Buffer, name: string, type: string): File {
  return new File([new Uint8Array(bytes)], name, { type });
}

/** Every object the storage holds (to show a refused upload left none). */
export async function storedKeys(storage: FileStorage): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of storage.list()) keys.push(object.key);
  return keys.sort();
}

export async function fileRows(database: TestDatabase, name: string) {
  return database.handle.db.select().from(tables.files).where(eq(tables.files.name, name));
}

/** A REST upload to POST /api/files as `authorization`, with the form's fields. */
export function restUpload(gp: GatepostUnderTest, form: FormData, authorization: string): Promise<Response> {
  return gp.anonymousFetch('/api/files', { method: 'POST', body: form, headers: { authorization } });
}

/** The files.upload mutation as a GraphQL multipart request (the spec's operations, map and file parts). */
export function graphqlUploadForm(file: File, description?: string): FormData {
  const form = new FormData();
  form.set(
    'operations',
    JSON.stringify({
      query: 'mutation Upload($input: UploadFileInput!) { uploadFile(input: $input) { id name mediaType sizeBytes sha256 url } }',
      variables: { input: { file: null, ...(description ? { description } : {}) } },
    }),
  );
  form.set('map', JSON.stringify({ 0: ['variables.input.file'] }));
  form.set('0', file);
  return form;
}
