import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validate } from '../../../server/src/pipeline/index';

function issuesOf(schema: z.ZodType, input: unknown) {
  const validation = validate(schema, input);
  if (validation.ok) throw new Error('expected the input to be rejected');
  return validation.issues;
}

describe('human messages for invalid input', () => {
  it('says a missing field is required', () => {
    expect(issuesOf(z.object({ name: z.string() }), {})).toEqual([{ path: ['name'], message: 'is required' }]);
  });

  it('names the expected type when a value has the wrong one', () => {
    expect(issuesOf(z.object({ name: z.string() }), { name: 123 })).toEqual([{ path: ['name'], message: 'must be a string' }]);
    expect(issuesOf(z.object({ age: z.int() }), { age: 'x' })).toEqual([{ path: ['age'], message: 'must be a number' }]);
  });

  it('says an email address is expected', () => {
    expect(issuesOf(z.object({ email: z.email() }), { email: 'nope' })).toEqual([{ path: ['email'], message: 'must be an email address' }]);
  });

  it('says an empty required string must not be empty', () => {
    expect(issuesOf(z.object({ name: z.string().min(1) }), { name: '' })).toEqual([{ path: ['name'], message: 'must not be empty' }]);
  });

  it('gives string length bounds in characters', () => {
    expect(issuesOf(z.object({ name: z.string().max(3) }), { name: 'abcd' })).toEqual([
      { path: ['name'], message: 'must be at most 3 characters long' },
    ]);
    expect(issuesOf(z.object({ name: z.string().min(2) }), { name: 'a' })).toEqual([
      { path: ['name'], message: 'must be at least 2 characters long' },
    ]);
  });

  it('gives list bounds in items and number bounds as numbers', () => {
    expect(issuesOf(z.object({ tags: z.array(z.string()).min(1) }), { tags: [] })).toEqual([
      { path: ['tags'], message: 'must have at least 1 item' },
    ]);
    expect(issuesOf(z.object({ n: z.number().max(10) }), { n: 11 })).toEqual([{ path: ['n'], message: 'must be at most 10' }]);
  });

  it('names every unknown field on its own path', () => {
    expect(issuesOf(z.strictObject({ a: z.string() }), { a: 'x', b: 1, c: 2 })).toEqual([
      { path: ['b'], message: 'is not a known field' },
      { path: ['c'], message: 'is not a known field' },
    ]);
  });

  it('lists the allowed values of an enum', () => {
    expect(issuesOf(z.object({ size: z.enum(['s', 'm']) }), { size: 'xl' })).toEqual([
      { path: ['size'], message: 'must be one of: "s", "m"' },
    ]);
  });

  it('keeps nested paths, list indexes included', () => {
    expect(issuesOf(z.object({ items: z.array(z.object({ qty: z.int().min(1) })) }), { items: [{ qty: 1 }, { qty: 0 }] })).toEqual([
      { path: ['items', 1, 'qty'], message: 'must be at least 1' },
    ]);
  });
});
