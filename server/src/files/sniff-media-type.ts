import { fileTypeFromBuffer, supportedMimeTypes } from 'file-type';

/** How many first bytes the sniffer reads: file-type's own minimum for every type it knows. */
export const SNIFF_BYTES = 4100;

export type Sniffed = { readonly ok: true; readonly mediaType: string } | { readonly ok: false; readonly reason: string };

const UNTYPED = new Set(['', 'application/octet-stream']);

/**
 * The media type of a file by its first bytes (file-type's magic numbers), not by what the client
 * says: a `.png` that is really a program is refused. A declared type that file-type could
 * recognise must be what the bytes are; bytes it recognises win over any other declared type
 * (`text/plain` that is a ZIP is a ZIP). Bytes it does not recognise are the declared type when
 * that is text and the bytes look like text (no NUL), else `application/octet-stream`.
 * `accept`, when given, must then include the type found.
 */
export async function sniffMediaType(head: Uint8Array, declared: string, accept: readonly string[] | undefined): Promise<Sniffed> {
  const claimed = UNTYPED.has(declared) ? undefined : declared.toLowerCase().split(';')[0]?.trim();
  const detected = (await fileTypeFromBuffer(head))?.mime as string | undefined;
  if (claimed && detected !== claimed && (detected || supportedMimeTypes.has(claimed as never))) {
    return { ok: false, reason: `is sent as ${claimed} but its content is ${detected ?? 'not that'}` };
  }
  const mediaType =
    detected ?? (looksLikeText(head) ? (claimed?.startsWith('text/') ? claimed : 'text/plain') : 'application/octet-stream');
  if (accept && !accept.includes(mediaType)) return { ok: false, reason: `is ${mediaType}; send one of ${accept.join(', ')}` };
  return { ok: true, mediaType };
}

function looksLikeText(head: Uint8Array): boolean {
  return head.length > 0 && !head.includes(0);
}
