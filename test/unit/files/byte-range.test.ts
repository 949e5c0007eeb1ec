import { describe, expect, it } from 'vitest';
import { parseRange } from '../../../server/src/files/byte-range';

describe('parseRange (RFC 9110 §14.1.2)', () => {
  it('reads a closed range', () => expect(parseRange('bytes=0-499', 1000)).toEqual({ start: 0, end: 499 }));
  it('reads an open range to the end', () => expect(parseRange('bytes=500-', 1000)).toEqual({ start: 500, end: 999 }));
  it('reads a suffix range as the last bytes', () => expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 }));
  it('clamps an end past the file to its last byte', () => expect(parseRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 }));
  it('calls a start at or past the end unsatisfiable', () => expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable'));
  it('sends the whole file for several ranges or another unit', () => {
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeUndefined();
    expect(parseRange('items=0-1', 1000)).toBeUndefined();
  });
  it('ignores a range whose end comes before its start', () => expect(parseRange('bytes=10-5', 1000)).toBeUndefined());
});
