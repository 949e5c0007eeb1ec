import type { Readable } from 'node:stream';
import type { ByteRange, FileStorage } from './storage';

/** What gatepost knows of an uploaded file once its bytes are stored. */
export interface UploadedFileInfo {
  /** Its id: the key of its bytes in the storage and, once saved, of its row in `files`. */
  readonly id: string;
  /** The name it was sent with, made safe (safeFileName). */
  readonly name: string;
  /** Its media type, as its first bytes show (sniffMediaType). */
  readonly mediaType: string;
  readonly sizeBytes: number;
  /** SHA-256 of its bytes, hex. */
  readonly sha256: string;
}

/**
 * A file that arrived in a request, already streamed to storage: what a handler receives for a
 * `file()` field. It is a `File` (so zod's file checks and the contract's types hold on the
 * server as on the client), but its bytes are in the storage, never in memory: `open()` streams
 * them, and `stream()` does the same as a web stream. `arrayBuffer()` and `text()` read the whole
 * file into memory, as the Blob API says they must; handlers should stream instead.
 */
export class UploadedFile extends File {
  readonly id: string;
  readonly sha256: string;
  readonly #storage: FileStorage;

  constructor(info: UploadedFileInfo, storage: FileStorage) {
    super([], info.name, { type: info.mediaType });
    this.id = info.id;
    this.sha256 = info.sha256;
    this.#storage = storage;
    // Blob's `size` is its (empty) parts' length; this file's bytes are in the storage.
    Object.defineProperty(this, 'size', { value: info.sizeBytes, enumerable: false });
  }

  /** The file's bytes, whole or one range, as a Node stream from the storage. */
  open(range?: ByteRange): Promise<Readable> {
    return this.#storage.read(this.id, range);
  }

  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    const opening = this.open();
    let reader: AsyncIterator<Buffer> | undefined;
    return new ReadableStream({
      async pull(controller) {
        reader ??= (await opening)[Symbol.asyncIterator]();
        const next = await reader.next();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value));
      },
      async cancel() {
        (await opening).destroy();
      },
    });
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.open()) chunks.push(chunk as Buffer);
    const whole = Buffer.concat(chunks);
    return whole.buffer.slice(whole.byteOffset, whole.byteOffset + whole.byteLength) as ArrayBuffer;
  }

  override async text(): Promise<string> {
    return Buffer.from(await this.arrayBuffer()).toString('utf8');
  }

  override slice(): Blob {
    throw new Error('An uploaded file cannot be sliced in memory; open(range) streams part of it.');
  }

  get info(): UploadedFileInfo {
    return { id: this.id, name: this.name, mediaType: this.type, sizeBytes: this.size, sha256: this.sha256 };
  }

  /**
   * What an idempotency fingerprint and a log line see of it: what it is — its name, type, size and
   * hash — not its bytes, and not its id, which is new on every send: the same file sent again with
   * the same Idempotency-Key is the same request, and replays the first one's answer.
   */
  toJSON(): Omit<UploadedFileInfo, 'id'> {
    const { id: _id, ...content } = this.info;
    return content;
  }
}

export function isUploadedFile(value: unknown): value is UploadedFile {
  return value instanceof UploadedFile;
}
