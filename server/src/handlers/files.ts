import type { contract } from '@gatepost/shared';
import { perDatabase, tables, type Database } from '@gatepost/db';
import { eq, sql } from 'drizzle-orm';
import { isUploadedFile, type UploadedFileInfo } from '../files/uploaded-file';
import type { Handler, HandlerDefinition, Principal } from '../pipeline/index';

type Files = typeof contract.files;

/** Where a file's bytes are downloaded (the download route, outside /api: it answers bytes, not JSON). */
export function downloadPath(fileId: string): string {
  return `/files/${fileId}`;
}

export function toStoredFile(row: Pick<tables.FileRow, 'id' | 'name' | 'mediaType' | 'sizeBytes' | 'sha256' | 'createdAt'>) {
  return {
    id: row.id,
    name: row.name,
    mediaType: row.mediaType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    createdAt: row.createdAt.toISOString(),
    url: downloadPath(row.id),
  };
}

/** The uploaded file a `file()` field holds: streamed to storage by the HTTP layer before the call ran. */
export function uploadedInfo(value: File): UploadedFileInfo {
  if (!isUploadedFile(value)) throw new Error('a file field holds a File the server did not receive and store');
  return value.info;
}

/** Who owns what a caller uploads: the signed-in user; nobody for anonymous callers and the operator key (admins read those). */
export function ownerOf(principal: Principal | null): string | null {
  return principal && principal.via !== 'operator-key' ? principal.id : null;
}

const insertFile = perDatabase((db) =>
  db
    .insert(tables.files)
    .values({
      id: sql.placeholder('id'),
      ownerId: sql.placeholder('ownerId'),
      name: sql.placeholder('name'),
      mediaType: sql.placeholder('mediaType'),
      sizeBytes: sql.placeholder('sizeBytes'),
      sha256: sql.placeholder('sha256'),
      description: sql.placeholder('description'),
    })
    .returning()
    .prepare('files_insert'),
);

const fileById = perDatabase((db: Database) =>
  db
    .select()
    .from(tables.files)
    .where(eq(tables.files.id, sql.placeholder('id')))
    .prepare('files_by_id'),
);

/** The file's row, written in the call's statement: its bytes are already stored under its id. */
export const upload: HandlerDefinition<Files['upload']> = {
  singleStatement: true,
  run: async (input, { db, principal }) => {
    const file = uploadedInfo(input.file);
    const [row] = await insertFile(db).execute({ ...file, ownerId: ownerOf(principal), description: input.description ?? null });
    if (!row) throw new Error('insert into files returned no row');
    return toStoredFile(row);
  },
};

/** Your own files only; admins read any. Someone else's file is null (404), not FORBIDDEN: its existence stays private. */
export const get: Handler<Files['get']> = async (input, { db, principal }) => {
  const [row] = await fileById(db).execute({ id: input.id });
  if (!row) return null;
  if (principal?.role !== 'admin' && (row.ownerId === null || row.ownerId !== principal?.id)) return null;
  return toStoredFile(row);
};
