// The HTML forms are one more way into the same pipeline: a form post of the same input gives
// tRPC's outcome — the same row for a valid one; for a refused one the same code (as the page's
// status), and each field tRPC names marked on the page with tRPC's own message — on both databases.
import { randomBytes } from 'node:crypto';
import { tables } from '@gatepost/db';
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { callOperation, type CallResult } from '../helpers/protocols';
import { useGatepost } from '../helpers/start-gatepost';
import { attributeOf, tagWithId, textOfId, Visitor, type Page } from '../forms/visitor';
import { mutationFixtures } from './fixtures';

/** Each form, the operation it posts, and the fields it draws. */
const FORMS = [
  { operation: 'contacts.submit', path: '/forms/contact', id: 'contact', fields: ['name', 'email', 'message'] },
  { operation: 'auth.login', path: '/forms/sign-in', id: 'sign-in', fields: ['email', 'password'] },
] as const;

/** The catalog status of each code a form page answers with. */
const STATUS_OF: Record<string, number> = { VALIDATION_FAILED: 422, UNAUTHENTICATED: 401 };

/** A fixture input a form can carry: text in the form's own fields only (a form cannot send a number or an unknown field). */
function asFormFields(input: unknown, fields: readonly string[]): Record<string, string> | undefined {
  const entries = Object.entries(input as Record<string, unknown>);
  if (!entries.every(([name, value]) => fields.includes(name) && typeof value === 'string')) return undefined;
  return Object.fromEntries(entries) as Record<string, string>;
}

/** The fields the page marks invalid, each with the message under it. */
function markedFields(page: Page, formId: string, fields: readonly string[]): Record<string, string> {
  const marked: Record<string, string> = {};
  for (const field of fields) {
    if (attributeOf(tagWithId(page.html, `${formId}-${field}`), 'aria-invalid') === 'true') {
      marked[field] = textOfId(page.html, `${formId}-${field}-error`);
    }
  }
  return marked;
}

function issuesByField(result: CallResult): Record<string, string> {
  return result.ok ? {} : Object.fromEntries(result.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

forEachDatabase((database) => {
  const gp = useGatepost(database);

  async function contactRows(email: string) {
    return database.current.handle.db.select().from(tables.contacts).where(eq(tables.contacts.email, email));
  }

  describe('contacts.submit', () => {
    it('writes from the form the row tRPC writes for the same input', async () => {
      const valid = mutationFixtures['contacts.submit']?.valid;
      if (!valid) throw new Error('contacts.submit has no valid fixture');
      const [trpcTag, formTag] = [randomBytes(4).toString('hex'), randomBytes(4).toString('hex')];
      const trpcInput = valid(trpcTag) as Record<string, string>;
      expect(await callOperation(gp.client, 'trpc', 'mutation', 'contacts.submit', trpcInput)).toMatchObject({ ok: true });
      const formInput = valid(formTag) as Record<string, string>;
      const page = await new Visitor(gp).submit('/forms/contact', formInput);
      expect(page.status).toBe(303);
      const [trpcRow] = await contactRows(trpcInput.email ?? '');
      const [formRow] = await contactRows(formInput.email ?? '');
      const comparable = (row: Record<string, unknown> | undefined, tag: string) => {
        const { id: _id, createdAt: _createdAt, ...rest } = row ?? {};
        return JSON.parse(JSON.stringify(rest).replaceAll(tag, 'TAG')) as unknown;
      };
      expect(comparable(formRow, formTag)).toEqual(comparable(trpcRow, trpcTag));
      expect(page.headers.get('location')).toBe(`/forms/contact/sent/${String(formRow?.id)}`);
    });
  });

  for (const form of FORMS) {
    describe(`the ${form.path} form`, () => {
      for (const { title, input, code = 'VALIDATION_FAILED' } of mutationFixtures[form.operation]?.invalid ?? []) {
        const fields = asFormFields(input, form.fields);
        if (!fields) continue;
        it(`refuses ${title} as tRPC does: status ${STATUS_OF[code] ?? code}, the same fields with the same messages, nothing written`, async () => {
          const [before] = await database.current.handle.db.select({ value: count() }).from(tables.contacts);
          const overTrpc = await callOperation(gp.client, 'trpc', 'mutation', form.operation, input);
          expect(overTrpc).toMatchObject({ ok: false, code });
          const page = await new Visitor(gp).submit(form.path, fields);
          expect(page.status).toBe(STATUS_OF[code]);
          expect(markedFields(page, form.id, form.fields)).toEqual(issuesByField(overTrpc));
          if (!overTrpc.ok && overTrpc.issues.length === 0) expect(textOfId(page.html, `${form.id}-problems`)).toContain(overTrpc.message);
          const [after] = await database.current.handle.db.select({ value: count() }).from(tables.contacts);
          expect(after?.value).toBe(before?.value);
        });
      }
    });
  }
});
