// contacts.list through the real server and client, over tRPC and GraphQL, on the embedded and the external
// PostgreSQL: newest first, a page at a time with a keyset cursor on (created_at, id), for
// admins only, with its limit and cursor validated like any other input.
import { randomUUID } from 'node:crypto';
import type { Contact } from '@gatepost/shared';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import { clientWith, signUp } from '../auth/helpers';
import { forEachDatabase } from '../helpers/databases';
import { callOperation, forEachProtocol, issuePaths, type CallResult, type Protocol } from '../helpers/protocols';
import { useGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';

type ContactOut = z.output<typeof Contact>;
interface Page {
  readonly items: ContactOut[];
  readonly nextCursor: string | null;
}

function pageOf(result: CallResult): Page {
  if (!result.ok) throw new Error(`expected a page, got ${result.code}: ${result.message}`);
  return result.data as Page;
}

async function submit(gp: GatepostUnderTest, tag: string, index: number): Promise<ContactOut> {
  const result = await callOperation(gp.client, 'trpc', 'mutation', 'contacts.submit', {
    name: `List ${tag} ${index}`,
    email: `list.${tag}.${index}@example.com`,
  });
  if (!result.ok) throw new Error(result.message);
  return result.data as ContactOut;
}

/** Every page from the newest, `limit` at a time, until nextCursor is null. */
async function walkPages(gp: GatepostUnderTest, protocol: Protocol, limit: number): Promise<{ items: ContactOut[]; pages: number }> {
  const items: ContactOut[] = [];
  let before: string | null = null;
  let pages = 0;
  do {
    const page = pageOf(await callOperation(gp.client, protocol, 'query', 'contacts.list', before ? { limit, before } : { limit }));
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    before = page.nextCursor;
    pages += 1;
  } while (before !== null && pages < 1000);
  return { items, pages };
}

forEachDatabase((database) => {
  const gp = useGatepost(database);
  let userToken: string;

  beforeAll(async () => {
    userToken = (await signUp(gp, 'list-plain-user')).token;
  });

  forEachProtocol((protocol) => {
    it('lists contacts newest first', async () => {
      const tag = randomUUID().slice(0, 8);
      const submitted = [await submit(gp, tag, 0), await submit(gp, tag, 1), await submit(gp, tag, 2)];
      const page = pageOf(await callOperation(gp.client, protocol, 'query', 'contacts.list', { limit: 100 }));
      const mine = page.items.filter((contact) => contact.name.includes(tag));
      expect(mine).toEqual([...submitted].reverse());
    });

    it('gives 20 contacts per page when no limit is given', async () => {
      const tag = randomUUID().slice(0, 8);
      const items = Array.from({ length: 21 }, (_, index) => ({ name: `Default ${tag}`, email: `default.${tag}.${index}@example.com` }));
      expect(await callOperation(gp.client, 'trpc', 'mutation', 'contacts.submitMany', { items })).toMatchObject({ ok: true });
      const page = pageOf(await callOperation(gp.client, protocol, 'query', 'contacts.list', {}));
      expect(page.items).toHaveLength(20);
      expect(page.nextCursor).not.toBeNull();
    });

    it('walks every contact exactly once, page by page, in the order of one big page', async () => {
      // Contacts of one bulk call share created_at: the id must break the tie for the cursor.
      const tag = randomUUID().slice(0, 8);
      const items = Array.from({ length: 5 }, (_, index) => ({ name: `Walk ${tag}`, email: `walk.${tag}.${index}@example.com` }));
      expect(await callOperation(gp.client, 'trpc', 'mutation', 'contacts.submitMany', { items })).toMatchObject({ ok: true });
      const whole = pageOf(await callOperation(gp.client, protocol, 'query', 'contacts.list', { limit: 100 }));
      expect(whole.nextCursor).toBeNull();
      const walked = await walkPages(gp, protocol, 2);
      expect(walked.items.map((contact) => contact.id)).toEqual(whole.items.map((contact) => contact.id));
      expect(walked.pages).toBe(Math.ceil(whole.items.length / 2));
    });

    it('gives a null nextCursor on the last page', async () => {
      const { items } = await walkPages(gp, protocol, 100);
      const last = pageOf(await callOperation(gp.client, protocol, 'query', 'contacts.list', { limit: items.length }));
      expect(last.items).toHaveLength(items.length);
      expect(last.nextCursor).toBeNull();
    });

    it('does not repeat contacts that arrive between two pages', async () => {
      const first = pageOf(await callOperation(gp.client, protocol, 'query', 'contacts.list', { limit: 2 }));
      const newcomer = await submit(gp, randomUUID().slice(0, 8), 0);
      const second = pageOf(await callOperation(gp.client, protocol, 'query', 'contacts.list', { limit: 2, before: first.nextCursor }));
      const ids = [...first.items, ...second.items].map((contact) => contact.id);
      expect(new Set(ids).size).toBe(4);
      expect(ids).not.toContain(newcomer.id);
    });

    it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
      const result = await callOperation(gp.anonymousClient(), protocol, 'query', 'contacts.list', {});
      expect(result).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    });

    it('refuses a signed-in user who is not an admin with FORBIDDEN', async () => {
      const result = await callOperation(clientWith(gp, userToken), protocol, 'query', 'contacts.list', {});
      expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    });

    it.each([0, 101, 2.5])('refuses a limit of %s with VALIDATION_FAILED on limit', async (limit) => {
      const result = await callOperation(gp.client, protocol, 'query', 'contacts.list', { limit });
      expect(result).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
      expect(issuePaths(result)).toEqual(['limit']);
    });

    it('refuses a cursor the server did not give with VALIDATION_FAILED on before', async () => {
      const result = await callOperation(gp.client, protocol, 'query', 'contacts.list', { before: "2024-01-01' or 1=1 --" });
      expect(result).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
      expect(issuePaths(result)).toEqual(['before']);
    });
  });

  it('answers 401 to an anonymous caller and 403 to a plain user over HTTP (tRPC GET)', async () => {
    const path = `/trpc/contacts.list?input=${encodeURIComponent('{}')}`;
    expect((await gp.anonymousFetch(path)).status).toBe(401);
    expect((await gp.anonymousFetch(path, { headers: { authorization: `Bearer ${userToken}` } })).status).toBe(403);
    expect((await gp.fetch(path)).status).toBe(200);
  });

  it('pages apart contacts whose created_at differ by microseconds within one millisecond', async () => {
    // A JavaScript Date would round these three to one millisecond; the cursor must not.
    const tag = randomUUID().slice(0, 8);
    for (const micros of ['100', '200', '300']) {
      await database.current.handle.db.execute(
        sql`insert into contacts (name, email, created_at) values (${`Micro ${tag} ${micros}`}, ${`micro.${tag}@example.com`}, ${`2999-01-01T00:00:00.000${micros}Z`}::timestamptz)`,
      );
    }
    const names: string[] = [];
    let before: string | null = null;
    for (let page = 0; page < 3; page += 1) {
      const result = pageOf(await callOperation(gp.client, 'trpc', 'query', 'contacts.list', before ? { limit: 1, before } : { limit: 1 }));
      names.push(...result.items.map((contact) => contact.name));
      before = result.nextCursor;
    }
    expect(names).toEqual([`Micro ${tag} 300`, `Micro ${tag} 200`, `Micro ${tag} 100`]);
  });
});
