// The HTML contact form with an attachment (multipart/form-data, no JavaScript): the file is stored
// with the contact, and a refused file draws the form again with its message, keeping nothing.
import { tables } from '@gatepost/db';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { contactsWithEmail, uniqueEmail } from '../auth/helpers';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost } from '../helpers/start-gatepost';
import { PNG, PROGRAM, fileOf } from '../files/upload-helpers';
import { attributeOf, tagWithId, textOfId, Visitor } from './visitor';

forEachDatabase((database) => {
  const gp = useGatepost(database);

  it('draws a file field in a form that posts multipart/form-data', async () => {
    const page = await new Visitor(gp).get('/forms/contact');
    expect(page.html).toContain('enctype="multipart/form-data"');
    expect(attributeOf(tagWithId(page.html, 'contact-attachment'), 'type')).toBe('file');
  });

  it('stores the attachment with the contact and names it on the result page', async () => {
    const visitor = new Visitor(gp);
    const email = uniqueEmail('form-attachment');
    const sent = await visitor.submitMultipart('/forms/contact', [
      ['name', 'Ada'],
      ['email', email],
      ['message', 'See the picture'],
      ['attachment', fileOf(PNG, 'picture.png', 'image/png')],
    ]);
    expect(sent.status).toBe(303);
    const [row] = await contactsWithEmail(database.current, email);
    const [file] = await database.current.handle.db
      .select()
      .from(tables.files)
      .where(eq(tables.files.id, String(row?.attachmentId)));
    expect(file).toMatchObject({ name: 'picture.png', mediaType: 'image/png', sizeBytes: PNG.length, ownerId: null });
    const result = await visitor.get(sent.headers.get('location') ?? '');
    expect(textOfId(result.html, 'contact-attachment')).toContain('picture.png');
  });

  it('sends the form without a file as it sends any other, leaving the attachment out', async () => {
    const email = uniqueEmail('form-no-attachment');
    const sent = await new Visitor(gp).submitMultipart('/forms/contact', [
      ['name', 'Ada'],
      ['email', email],
      ['attachment', new File([], '', { type: 'application/octet-stream' })],
    ]);
    expect(sent.status).toBe(303);
    expect((await contactsWithEmail(database.current, email)).map((row) => row.attachmentId)).toEqual([null]);
  });

  it('draws the form again with 415 and the message under the attachment field for a program posing as a picture', async () => {
    const email = uniqueEmail('form-program');
    const page = await new Visitor(gp).submitMultipart('/forms/contact', [
      ['name', 'Ada'],
      ['email', email],
      ['attachment', fileOf(PROGRAM, 'cat.png', 'image/png')],
    ]);
    expect(page.status).toBe(415);
    expect(textOfId(page.html, 'contact-attachment-error')).toMatch(/image\/png but its content is application\/x-msdownload/);
    expect(attributeOf(tagWithId(page.html, 'contact-name'), 'value')).toBe('Ada');
    expect(await contactsWithEmail(database.current, email)).toEqual([]);
  });
});
