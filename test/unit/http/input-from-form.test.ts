// How a form's fields become a call's input: typed by the operation's own schema, brackets
// expanded, repeated names refused where one value is expected. Through the real REST and forms
// routes in test/rest/urlencoded.test.ts; here, the notation case by case.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { FormFields } from '../../../server/src/http/form-body';
import { inputFromForm } from '../../../server/src/protocols/text-input/input-from-form';

const Order = z.strictObject({
  items: z.array(z.strictObject({ productId: z.string(), quantity: z.number().int() })),
  note: z.string().optional(),
  gift: z.boolean().optional(),
  tags: z.array(z.string()).optional(),
});

function decode(body: string, schema: z.ZodObject = Order) {
  return inputFromForm(schema, new FormFields([...new URLSearchParams(body)]), { maxDepth: 8 });
}

function issuesOf(body: string, schema?: z.ZodObject) {
  const result = decode(body, schema);
  if (result.ok) throw new Error(`decoded: ${JSON.stringify(result.input)}`);
  return result.error.issues;
}

describe('a form decoded by its schema', () => {
  it('types a number field and a boolean field from their text', () => {
    expect(decode('items[0][productId]=p1&items[0][quantity]=2&gift=true')).toEqual({
      ok: true,
      input: { items: [{ productId: 'p1', quantity: 2 }], gift: true },
    });
  });

  it('keeps text that spells no number as text, for the schema to refuse', () => {
    expect(decode('items[0][productId]=p1&items[0][quantity]=two')).toMatchObject({ input: { items: [{ quantity: 'two' }] } });
    expect(decode('items[0][productId]=p1&items[0][quantity]=0x10')).toMatchObject({ input: { items: [{ quantity: '0x10' }] } });
  });

  it('reads a list from [] keys, from numbered keys and from a repeated name', () => {
    for (const body of ['tags[]=a&tags[]=b', 'tags[0]=a&tags[1]=b', 'tags=a&tags=b']) {
      expect(decode(body)).toMatchObject({ input: { tags: ['a', 'b'] } });
    }
  });

  it('reads one value sent for a list field as a list of one', () => {
    expect(decode('tags=a')).toMatchObject({ input: { tags: ['a'] } });
  });

  it('leaves out an empty optional field, as a browser sends every field of a form', () => {
    expect(decode('note=&gift=')).toEqual({ ok: true, input: {} });
  });

  it('keeps an empty required field, for the schema to refuse', () => {
    expect(decode('items=', z.strictObject({ items: z.string().min(1) }))).toEqual({ ok: true, input: { items: '' } });
  });

  it('refuses a name sent twice where the schema takes one value, on its path', () => {
    expect(issuesOf('note=a&note=b')).toEqual([{ path: ['note'], message: 'was sent 2 times; send one value' }]);
    expect(issuesOf('items[0][productId]=a&items[0][productId]=b')).toEqual([
      { path: ['items', 0, 'productId'], message: 'was sent 2 times; send one value' },
    ]);
  });

  it('refuses a name used both as a value and as nested fields', () => {
    expect(issuesOf('items=1&items[0][productId]=a')).toEqual([
      { path: ['items'], message: 'is sent both as a value and as numbered items; send it one way' },
    ]);
  });

  it('refuses an index past the number of fields sent, rather than allocating a list that long', () => {
    expect(issuesOf('items[999999][productId]=a')?.[0]?.path).toEqual(['items', 999999]);
  });

  it('refuses [] followed by more brackets, which names no one item', () => {
    expect(issuesOf('items[][productId]=a')?.[0]?.path).toEqual(['items']);
  });

  it('refuses a key nested deeper than the limit', () => {
    expect(issuesOf('a[b][c][d][e][f][g][h][i]=1')?.[0]?.message).toMatch(/deeper than the limit of 8/);
  });

  it('passes unknown names through as text for the strict schema to refuse, __proto__ included as an own key', () => {
    const result = decode('__proto__[polluted]=yes&other=1');
    expect(result.ok && Object.keys(result.input)).toEqual(['__proto__', 'other']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never reads a field schema from Object.prototype', () => {
    expect(decode('constructor=1')).toEqual({ ok: true, input: { constructor: '1' } });
  });
});
