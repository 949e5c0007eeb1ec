import { randomUUID } from 'node:crypto';
import { GatepostError, type contract } from '@gatepost/shared';
import { executeRows, perDatabase, tables, type Database } from '@gatepost/db';
import { desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { HandlerDefinition, Handler, Principal } from '../pipeline/index';
import type { UploadedFileInfo } from '../files/uploaded-file';
import { ownerOf, toStoredFile, uploadedInfo } from './files';

type Contacts = typeof contract.contacts;
type ContactMessageInput = z.output<Contacts['submitMany']['input']>['items'][number];
type ContactInput = z.output<Contacts['submit']['input']>;

/** A contact and its attachment's columns (null when it has none), as every read selects them. */
const contactWithAttachment = {
  ...getTableColumns(tables.contacts),
  attachment: {
    id: tables.files.id,
    name: tables.files.name,
    mediaType: tables.files.mediaType,
    sizeBytes: tables.files.sizeBytes,
    sha256: tables.files.sha256,
    createdAt: tables.files.createdAt,
  },
};

type ContactRead = typeof tables.contacts.$inferSelect & {
  attachment: Parameters<typeof toStoredFile>[0] | null;
};

const insertContact = perDatabase((db) =>
  db
    .insert(tables.contacts)
    .values({ name: sql.placeholder('name'), email: sql.placeholder('email'), message: sql.placeholder('message') })
    .returning()
    .prepare('contacts_insert'),
);

const contactById = perDatabase((db) =>
  db
    .select(contactWithAttachment)
    .from(tables.contacts)
    .leftJoin(tables.files, eq(tables.files.id, tables.contacts.attachmentId))
    .where(eq(tables.contacts.id, sql.placeholder('id')))
    .prepare('contacts_by_id'),
);

function toContact({ attachmentId: _attachmentId, attachment, ...row }: ContactRead) {
  return { ...row, attachment: attachment ? toStoredFile(attachment) : null, createdAt: row.createdAt.toISOString() };
}

/**
 * Any number of rows in one prepared statement: each column travels as one array parameter
 * and `unnest` turns them back into rows, so the SQL is the same for 2 rows or 1000 and is
 * never rebuilt (drizzle rebuilding a 100-row VALUES list cost a quarter of a batch's CPU).
 */
const insertContactRows = perDatabase((db) =>
  db
    .insert(tables.contacts)
    .select(
      sql`select t.id, t.name, t.email, t.message, null, now() from unnest(${sql.placeholder('ids')}::uuid[], ${sql.placeholder('names')}::text[], ${sql.placeholder('emails')}::text[], ${sql.placeholder('messages')}::text[]) as t(id, name, email, message)`,
    )
    .returning()
    .prepare('contacts_insert_rows'),
);

/**
 * Contacts with attachments, and their attachments' file rows, in one statement: the files are
 * inserted by a data-modifying CTE, and PostgreSQL checks the contacts' foreign key at the end of
 * the statement, when those rows exist. One statement keeps the handler `singleStatement`: the
 * file row and the contact commit together or not at all, with no BEGIN/COMMIT.
 */
function insertContactRowsWithFiles(db: Database, rows: readonly NewContact[], ownerId: string | null) {
  const attached = rows.flatMap((row) => (row.attachment ? [row.attachment] : []));
  const column = <Value>(values: readonly Value[]) => sql.param(values);
  return executeRows<{ id: string; created_at: string | Date }>(
    db,
    sql`
    with attached as (
      insert into ${tables.files} (id, owner_id, name, media_type, size_bytes, sha256)
      select f.id, ${ownerId}::uuid, f.name, f.media_type, f.size_bytes, f.sha256
      from unnest(${column(attached.map((file) => file.id))}::uuid[], ${column(attached.map((file) => file.name))}::text[],
        ${column(attached.map((file) => file.mediaType))}::text[], ${column(attached.map((file) => file.sizeBytes))}::bigint[],
        ${column(attached.map((file) => file.sha256))}::text[]) as f(id, name, media_type, size_bytes, sha256)
      returning id
    )
    insert into ${tables.contacts} (id, name, email, message, attachment_id, created_at)
    select t.id, t.name, t.email, t.message, t.attachment_id, now()
    from unnest(${column(rows.map((row) => row.id))}::uuid[], ${column(rows.map((row) => row.name))}::text[],
      ${column(rows.map((row) => row.email))}::text[], ${column(rows.map((row) => row.message))}::text[],
      ${column(rows.map((row) => row.attachment?.id ?? null))}::uuid[]) as t(id, name, email, message, attachment_id)
    returning id, created_at`,
  );
}

/** A contact about to be inserted: its id made here, so each row maps back to its input by id. */
interface NewContact {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly message: string | null;
  readonly attachment: UploadedFileInfo | undefined;
}

function newContact(input: ContactMessageInput & { attachment?: File | undefined }): NewContact {
  return {
    id: randomUUID(),
    name: input.name,
    email: input.email,
    message: input.message ?? null,
    attachment: input.attachment ? uploadedInfo(input.attachment) : undefined,
  };
}

/**
 * Ids are made here, so each row maps back to its input by id rather than by the order RETURNING
 * happens to use. Contacts with an attachment take the statement that also writes its file row.
 */
async function insertContacts(
  db: Database,
  inputs: readonly (ContactMessageInput & { attachment?: File | undefined })[],
  principal: Principal | null,
) {
  const rows = inputs.map(newContact);
  if (rows.some((row) => row.attachment)) {
    const inserted = await insertContactRowsWithFiles(db, rows, ownerOf(principal));
    const createdAtById = new Map(inserted.map((row) => [row.id, new Date(row.created_at)]));
    return rows.map((row) => {
      const createdAt = createdAtById.get(row.id);
      if (!createdAt) throw new Error('a contact row was not returned by its INSERT');
      const { attachment, ...contact } = row;
      return toContact({
        ...contact,
        attachmentId: attachment?.id ?? null,
        createdAt,
        attachment: attachment ? { ...attachment, createdAt } : null,
      });
    });
  }
  const inserted = await insertContactRows(db).execute({
    ids: rows.map((row) => row.id),
    names: rows.map((row) => row.name),
    emails: rows.map((row) => row.email),
    messages: rows.map((row) => row.message),
  });
  const byId = new Map(inserted.map((row) => [row.id, row]));
  return rows.map(({ id }) => {
    const stored = byId.get(id);
    if (!stored) throw new Error('a contact row was not returned by its INSERT');
    return toContact({ ...stored, attachment: null });
  });
}

/**
 * A contact whose attachment is a file the caller uploaded before (`attachmentId`: files.upload or
 * a resumable upload), in one statement: the row is written only if that file is the caller's own
 * (anonymous callers own none), and the unique index on `attachment_id` refuses a file another
 * message has already (CONFLICT, naming the field).
 */
async function insertContactWithUploaded(db: Database, input: ContactInput, principal: Principal | null) {
  const row = newContact({ ...input, attachment: undefined });
  const [inserted] = await executeRows<
    { created_at: string | Date } & Record<'file_name' | 'media_type' | 'sha256', string> & {
        size_bytes: string | number;
        file_created_at: string | Date;
      }
  >(
    db,
    sql`
    with attached as (
      select id, name, media_type, size_bytes, sha256, created_at from ${tables.files}
      where id = ${input.attachmentId}::uuid and owner_id = ${ownerOf(principal)}::uuid
    ), inserted as (
      insert into ${tables.contacts} (id, name, email, message, attachment_id)
      select ${row.id}::uuid, ${row.name}, ${row.email}, ${row.message}, attached.id from attached
      returning created_at
    )
    select inserted.created_at, attached.name as file_name, attached.media_type, attached.size_bytes, attached.sha256,
      attached.created_at as file_created_at
    from inserted, attached`,
  );
  if (!inserted) {
    const issue = { path: ['attachmentId'], message: 'is not a file you uploaded' };
    return new GatepostError('VALIDATION_FAILED', `attachmentId: ${issue.message}`, { issues: [issue] });
  }
  const attachment = {
    id: String(input.attachmentId),
    name: inserted.file_name,
    mediaType: inserted.media_type,
    sizeBytes: Number(inserted.size_bytes),
    sha256: inserted.sha256,
    createdAt: new Date(inserted.file_created_at),
  };
  const { attachment: _none, ...contact } = row;
  return toContact({ ...contact, attachmentId: attachment.id, createdAt: new Date(inserted.created_at), attachment });
}

/** Coalesced contacts: those attaching an uploaded file each take their own statement (its ownership check), the rest one statement together. */
async function insertCoalescedContacts(db: Database, inputs: readonly ContactInput[], principal: Principal | null) {
  const together = inputs.filter((input) => !input.attachmentId);
  const insertedTogether = together.length > 0 ? await insertContacts(db, together, principal) : [];
  let next = 0;
  const results: (ReturnType<typeof toContact> | GatepostError)[] = [];
  for (const input of inputs) {
    if (input.attachmentId) results.push(await insertContactWithUploaded(db, input, principal));
    else results.push(insertedTogether[next++] as ReturnType<typeof toContact>);
  }
  return results;
}

export const submit: HandlerDefinition<Contacts['submit']> = {
  singleStatement: true,
  run: async (input, { db, principal }) => {
    if (input.attachmentId) {
      const contact = await insertContactWithUploaded(db, input, principal);
      if (contact instanceof GatepostError) throw contact;
      return contact;
    }
    if (input.attachment) return (await insertContacts(db, [input], principal))[0] as ReturnType<typeof toContact>;
    const [row] = await insertContact(db).execute({ name: input.name, email: input.email, message: input.message ?? null });
    if (!row) throw new Error('insert into contacts returned no row');
    return toContact({ ...row, attachment: null });
  },
  coalesced: (inputs, { db, principal }) => insertCoalescedContacts(db, inputs, principal),
};

export const submitMany: HandlerDefinition<Contacts['submitMany']> = {
  singleStatement: true,
  run: (input, { db, principal }) => insertContacts(db, input.items, principal),
};

export const get: Handler<Contacts['get']> = async (input, { db }) => {
  const [row] = await contactById(db).execute({ id: input.id });
  return row ? toContact(row) : null;
};

/**
 * `created_at` as the cursor writes it: UTC to the microsecond, which is the column's own
 * precision, so a cursor compares equal to the row it came from.
 */
const createdAtToTheMicrosecond = sql<string>`to_char(${tables.contacts.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const newestFirst = [desc(tables.contacts.createdAt), desc(tables.contacts.id)] as const;

const newestContacts = perDatabase((db) =>
  db
    .select({ ...contactWithAttachment, cursorAt: createdAtToTheMicrosecond })
    .from(tables.contacts)
    .leftJoin(tables.files, eq(tables.files.id, tables.contacts.attachmentId))
    .orderBy(...newestFirst)
    .limit(sql.placeholder('limit'))
    .prepare('contacts_list_first'),
);

/** Keyset pagination: a row-value comparison on (created_at, id), the same order as ORDER BY, so no row is skipped or repeated when contacts arrive between pages. */
const contactsBefore = perDatabase((db) =>
  db
    .select({ ...contactWithAttachment, cursorAt: createdAtToTheMicrosecond })
    .from(tables.contacts)
    .leftJoin(tables.files, eq(tables.files.id, tables.contacts.attachmentId))
    .where(
      sql`(${tables.contacts.createdAt}, ${tables.contacts.id}) < (${sql.placeholder('beforeAt')}::timestamptz, ${sql.placeholder('beforeId')}::uuid)`,
    )
    .orderBy(...newestFirst)
    .limit(sql.placeholder('limit'))
    .prepare('contacts_list_before'),
);

/** The contract's ContactCursor: `<created_at>_<id>`, already validated by the time a handler sees it. */
function splitCursor(cursor: string): { beforeAt: string; beforeId: string } {
  const separator = cursor.indexOf('_');
  return { beforeAt: cursor.slice(0, separator), beforeId: cursor.slice(separator + 1) };
}

/** One row more than the page is read: its presence is what says a next page exists. */
export const list: Handler<Contacts['list']> = async (input, { db }) => {
  const limit = input.limit + 1;
  const rows = input.before
    ? await contactsBefore(db).execute({ ...splitCursor(input.before), limit })
    : await newestContacts(db).execute({ limit });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ cursorAt: _cursorAt, ...row }) => toContact(row)),
    nextCursor: rows.length > input.limit && last ? `${last.cursorAt}_${last.id}` : null,
  };
};
