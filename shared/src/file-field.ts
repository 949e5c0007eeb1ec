import { z } from 'zod';

/** What a file field takes: how large, and which media types (by content, not by name). */
export interface FileRules {
  /** The largest file, in bytes; a larger one is refused with 413 while it arrives. */
  readonly maxBytes: number;
  /** Media types accepted, checked against the file's first bytes; absent: any type. */
  readonly accept?: readonly string[];
}

/**
 * A file field of an operation's input: a multipart part on every protocol (REST and HTML
 * forms `multipart/form-data`, GraphQL's multipart request spec, tRPC FormData), `Upload` in
 * GraphQL, `format: binary` in OpenAPI. On the client it is a `File` or `Blob`; a handler gets a
 * file it can stream, already stored (the server streams it to storage as it arrives, counting,
 * hashing and checking it against these rules). The rules are zod's own file checks, so every
 * protocol and the OpenAPI document read the same ones.
 */
export function file(rules: FileRules) {
  const sized = z.file().max(rules.maxBytes, `must be at most ${describeBytes(rules.maxBytes)}`);
  if (!rules.accept) return sized;
  return sized.mime([...rules.accept], `must be one of ${rules.accept.join(', ')}`);
}

/** `25 MiB`, `512 KiB`, `100 bytes`: a size as people read it. */
export function describeBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && value % 1024 === 0 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value} ${units[unit]}`;
}
