/** The longest name kept, in characters (file systems allow 255 bytes; UTF-8 may take 4 a character). */
const MAX_NAME_LENGTH = 200;

/**
 * A client's file name made safe to store and to send back in Content-Disposition: only its last
 * path segment (`../../etc/passwd` → `passwd`, `C:\\x\\a.png` → `a.png`), no control characters
 * (NUL, newlines), no leading dots (a hidden or `..` name), trimmed, at most 200 characters
 * (the extension kept). A name with nothing left is `file`. It is a label only: the bytes are
 * stored under gatepost's own key, never under this name.
 */
export function safeFileName(sent: string | undefined): string {
  const lastSegment = (sent ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const printable = lastSegment.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').normalize('NFC');
  const trimmed = printable.trim().replace(/^\.+/, '').trim();
  if (trimmed.length === 0) return 'file';
  if (trimmed.length <= MAX_NAME_LENGTH) return trimmed;
  const dot = trimmed.lastIndexOf('.');
  const extension = dot > 0 && trimmed.length - dot <= 16 ? trimmed.slice(dot) : '';
  return trimmed.slice(0, MAX_NAME_LENGTH - extension.length) + extension;
}
