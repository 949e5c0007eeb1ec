import type { Readable } from 'node:stream';
import type { DataStore } from '@tus/utils';

/** An object a storage holds, as its listing tells it (the sweeper reads these). */
export interface StoredObject {
  readonly key: string;
  readonly sizeBytes: number;
  readonly lastModified: Date;
}

/** A byte range of an object, both ends included (as HTTP's `Range: bytes=start-end`). */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Where uploaded files' bytes live: local disk by default, an S3-compatible bucket by
 * configuration. Keys are gatepost's own (a UUID per file), never a client's file name. The
 * interface is small on purpose: every upload path streams through `write`, every download
 * through `read`, and nothing else touches the bytes.
 */
export interface FileStorage {
  /** For the start-up banner and logs: `disk at /srv/files`, `S3 bucket uploads at http://…`. */
  readonly description: string;
  /**
   * Streams `body` to `key`, in constant memory. Resolves once the object is stored whole. When
   * `body` fails or `signal` aborts, rejects and leaves nothing at `key` (no partial object).
   */
  write(key: string, body: Readable, options?: { readonly signal?: AbortSignal; readonly mediaType?: string }): Promise<void>;
  /** The object's bytes, whole or one range. Rejects with an error whose `code` is `ENOENT` when there is no such object. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Removes the object; removing one that is not there is no error. */
  remove(key: string): Promise<void>;
  /** Every stored object (for the sweeper of objects no file row names). */
  list(): AsyncIterable<StoredObject>;
  /** Releases what the storage holds open (an S3 client's sockets). */
  close(): Promise<void>;
  /** Where resumable (tus) uploads are written while they arrive, in this storage's own place. */
  resumable(): ResumableStore;
}

/**
 * A tus datastore writing into a storage, and how a finished upload becomes that storage's object
 * of the same key (the upload's id): on disk a rename out of the uploads' folder, on S3 nothing
 * (the datastore completes the object at its key).
 */
export interface ResumableStore {
  readonly datastore: DataStore;
  /** Makes the finished upload `id` the storage's object `id`. */
  promote(id: string): Promise<void>;
}

/** One file name, nothing a path could climb out of: no slash, no `..`, no leading dot (the disk storage keeps `.partial` there). */
const STORAGE_KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}$/;

/** Whether `key` is one a storage accepts; both storages accept the same keys, so switching storage never strands a file. */
export function isStorageKey(key: string): boolean {
  return STORAGE_KEY.test(key) && !key.includes('..');
}

/**
 * Refuses a key a storage would not accept. Keys are gatepost's own (a UUID per file), so a bad one
 * is a bug upstream; refusing it keeps a path traversal from ever reaching the disk or the bucket.
 */
export function assertStorageKey(key: string): void {
  if (!isStorageKey(key)) throw new TypeError(`invalid storage key ${JSON.stringify(key)}`);
}

/** Refuses a range that names no bytes (negative, fractional, or ending before it starts). */
export function assertByteRange(range: ByteRange | undefined): void {
  if (range && !(Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end) && range.start >= 0 && range.end >= range.start)) {
    throw new RangeError(`invalid byte range ${range.start}-${range.end}`);
  }
}
