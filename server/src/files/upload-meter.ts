import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { describeBytes, GatepostError, type InputIssue } from '@gatepost/shared';
import { SNIFF_BYTES, sniffMediaType } from './sniff-media-type';

/** How many bytes the meter gathers before passing them on to storage. */
const BATCH_BYTES = 1024 * 1024;

export interface MeterRules {
  /** Where the file is in the call's input, for the error's field path. */
  readonly path: readonly (string | number)[];
  /** The most bytes this file may have: its field's limit, or what is left of the request's. */
  readonly maxBytes: number;
  /** Which limit `maxBytes` is, for the message (`the field's limit of 25 MiB`). */
  readonly limitName: string;
  readonly accept: readonly string[] | undefined;
  /** The media type the client sent with the part. */
  readonly declaredType: string;
}

/**
 * Passes a file's bytes through on their way to storage while measuring them: counts them and
 * fails with 413 the moment there are more than allowed (so the answer goes out while the client
 * is still sending), hashes them (SHA-256), and holds back only the first 4,100 bytes until their
 * media type is known (415 when it is not one the field takes). Memory: those bytes, and at most a mebibyte gathered for the next write (#batched).
 */
export class UploadMeter extends Transform {
  sizeBytes = 0;
  mediaType: string | undefined;
  /** The bytes' SHA-256, hex, once they have all passed. */
  sha256: string | undefined;
  readonly #hash = createHash('sha256');
  readonly #rules: MeterRules;
  #head: Buffer[] | undefined = [];
  #headBytes = 0;
  #batch: Buffer[] = [];
  #batchBytes = 0;

  constructor(rules: MeterRules) {
    super();
    this.#rules = rules;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.sizeBytes += chunk.length;
    if (this.sizeBytes > this.#rules.maxBytes) return done(this.#tooLarge());
    this.#hash.update(chunk);
    if (!this.#head) return this.#batched(chunk, done);
    this.#head.push(chunk);
    this.#headBytes += chunk.length;
    if (this.#headBytes < SNIFF_BYTES) return done();
    this.#releaseHead(done);
  }

  override _flush(done: TransformCallback): void {
    this.sha256 = this.#hash.digest('hex');
    if (this.#head) return this.#releaseHead(done);
    if (this.#batchBytes > 0) this.push(Buffer.concat(this.#batch));
    done();
  }

  /**
   * Passes bytes on a mebibyte at a time: Node hands a request body over in 64 KiB chunks, and a
   * storage write per chunk cost more CPU than the copy that joins them (bench:uploads profile).
   */
  #batched(chunk: Buffer, done: TransformCallback): void {
    this.#batch.push(chunk);
    this.#batchBytes += chunk.length;
    if (this.#batchBytes < BATCH_BYTES) return done();
    const joined = Buffer.concat(this.#batch);
    this.#batch = [];
    this.#batchBytes = 0;
    done(null, joined);
  }

  /** Sniffs the held-back first bytes, then lets them through, or fails with 415. */
  #releaseHead(done: TransformCallback): void {
    const head = Buffer.concat(this.#head ?? []);
    this.#head = undefined;
    sniffMediaType(head, this.#rules.declaredType, this.#rules.accept).then(
      (sniffed) => {
        if (!sniffed.ok) return done(this.#refused('UNSUPPORTED_MEDIA_TYPE', sniffed.reason));
        this.mediaType = sniffed.mediaType;
        done(null, head);
      },
      (error: unknown) => done(error as Error),
    );
  }

  #tooLarge(): GatepostError {
    return this.#refused('PAYLOAD_TOO_LARGE', `is larger than ${this.#rules.limitName} of ${describeBytes(this.#rules.maxBytes)}`);
  }

  #refused(code: 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE', message: string): GatepostError {
    const issue: InputIssue = { path: this.#rules.path, message };
    return new GatepostError(code, `${this.#rules.path.join('.')}: ${message}`, { issues: [issue] });
  }
}
