// A multipart/form-data body (RFC 7578) with some text fields and one file, as chunks whose total
// length is known before the first is sent: it goes out with Content-Length and is never
// assembled in memory, whatever the file's size.
import { randomBytes } from 'node:crypto';
import { fileBytes } from './upload-body';

export type FormFields = readonly (readonly [name: string, value: string])[];

export interface MultipartFile {
  /** The part's name: `file` for REST and tRPC, the map key (`0`) for GraphQL. */
  readonly field: string;
  readonly sizeBytes: number;
}

export interface MultipartBody {
  readonly contentType: string;
  readonly contentLength: number;
  /** The body in order; the file's bytes come from fileBytes as they are sent. */
  chunks(): Generator<Buffer>;
}

export function multipartBody(fields: FormFields, file: MultipartFile): MultipartBody {
  const boundary = `----gatepost-bench-${randomBytes(12).toString('hex')}`;
  const textParts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const head = Buffer.from(
    `${textParts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="bench.bin"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: head.length + file.sizeBytes + tail.length,
    *chunks() {
      yield head;
      yield* fileBytes(file.sizeBytes);
      yield tail;
    },
  };
}
