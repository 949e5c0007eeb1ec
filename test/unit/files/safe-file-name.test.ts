import { describe, expect, it } from 'vitest';
import { contentDisposition } from '../../../server/src/files/download-route';
import { safeFileName } from '../../../server/src/files/safe-file-name';

describe('safeFileName', () => {
  it('keeps only the last segment of a path, either slash', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\ada\\report.pdf')).toBe('report.pdf');
  });
  it('removes control characters and leading dots', () => {
    expect(safeFileName('a\u0000b\nc.txt')).toBe('abc.txt');
    expect(safeFileName('..hidden')).toBe('hidden');
  });
  it('names a file with nothing left "file"', () => {
    expect(safeFileName('../')).toBe('file');
    expect(safeFileName(undefined)).toBe('file');
  });
  it('shortens a long name to 200 characters, keeping its extension', () => {
    const name = safeFileName(`${'a'.repeat(300)}.png`);
    expect(name).toHaveLength(200);
    expect(name.endsWith('.png')).toBe(true);
  });
});

describe('contentDisposition (RFC 6266, RFC 8187)', () => {
  it('gives an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('résumé.pdf')).toBe(`attachment; filename="r_sum_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`);
  });
  it('keeps quotes and backslashes out of the quoted fallback', () => {
    expect(contentDisposition('a"b\\c.txt')).toMatch(/^attachment; filename="a_b_c\.txt"; /);
  });
});
