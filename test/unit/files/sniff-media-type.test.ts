import { describe, expect, it } from 'vitest';
import { sniffMediaType } from '../../../server/src/files/sniff-media-type';
import { PNG, PROGRAM, textBytes } from '../../files/upload-helpers';

describe('sniffMediaType', () => {
  it('names a file by its content', async () => {
    expect(await sniffMediaType(PNG, 'application/octet-stream', undefined)).toEqual({ ok: true, mediaType: 'image/png' });
  });
  it('refuses a file whose declared type its content belies', async () => {
    expect(await sniffMediaType(PROGRAM, 'image/png', undefined)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^is sent as image\/png but its content is application\/x-msdownload/),
    });
  });
  it('refuses a declared recognisable type the bytes do not show', async () => {
    expect(await sniffMediaType(textBytes(100), 'application/pdf', undefined)).toMatchObject({ ok: false });
  });
  it('takes text as the declared text type', async () => {
    expect(await sniffMediaType(textBytes(100), 'text/csv', undefined)).toEqual({ ok: true, mediaType: 'text/csv' });
  });
  it('refuses a type the field does not accept', async () => {
    expect(await sniffMediaType(PNG, '', ['application/pdf'])).toMatchObject({
      ok: false,
      reason: 'is image/png; send one of application/pdf',
    });
  });
});
