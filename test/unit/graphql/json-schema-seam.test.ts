import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { entityId } from '../../../shared/src/define';
import { jsonSchemaField } from '../../../server/src/protocols/graphql/json-schema-field';

// The GraphQL mapper reads contract schemas only through zod's public `z.toJSONSchema`. These pin the
// parts of its output the mapper relies on, so a zod upgrade that changes them fails here, by name.

const zodVersion: unknown = JSON.parse(readFileSync(new URL('../../../node_modules/zod/package.json', import.meta.url), 'utf8')).version;

describe('the zod JSON Schema seam', () => {
  it('runs on zod 4 (4.6 when written), whose toJSONSchema takes io, unrepresentable and override', () => {
    expect(zodVersion).toMatch(/^4\./);
  });

  it('tells a value may be left out only through required: optional, or defaulted on input', () => {
    expect(jsonSchemaField(z.string(), 'input').required).toBe(true);
    expect(jsonSchemaField(z.string().optional(), 'output').required).toBe(false);
    expect(jsonSchemaField(z.string().default('x'), 'input').required).toBe(false);
    expect(jsonSchemaField(z.string().default('x'), 'output').required).toBe(true);
  });

  it('marks each node with the innermost zod schema that wrote it, through optional, default and pipe', () => {
    const inner = z.string();
    const field = jsonSchemaField(inner.optional().default('x').pipe(z.string()), 'input');
    expect(field.sourceOf(field.node)).toBe(inner);
  });

  it('writes .nullable() as anyOf with a null branch', () => {
    expect(jsonSchemaField(z.string().nullable(), 'output').node.anyOf?.[1]).toEqual({ type: 'null' });
  });

  it('puts a schema with a meta id in $defs under that id, and names a made-up cycle def by none', () => {
    const Thing = z.object({ a: z.string() }).meta({ id: 'Thing' });
    const field = jsonSchemaField(Thing, 'output');
    expect(field.node.$ref).toBe('#/$defs/Thing');
    expect(field.resolve('#/$defs/Thing').id).toBe('Thing');
    const Tree = z.object({
      get children() {
        return z.array(Tree);
      },
    });
    const tree = jsonSchemaField(Tree, 'output');
    expect(tree.node.$ref).toMatch(/^#\/\$defs\//);
    expect(tree.resolve(tree.node.$ref ?? '').id).toBeUndefined();
  });

  it('copies custom meta (graphqlScalar), formats, integers and descriptions into the nodes', () => {
    expect(jsonSchemaField(entityId(), 'input').node).toMatchObject({ type: 'string', format: 'uuid', graphqlScalar: 'ID' });
    expect(jsonSchemaField(z.iso.datetime({ offset: true }), 'input').node).toMatchObject({ format: 'date-time' });
    expect(jsonSchemaField(z.file(), 'input').node).toMatchObject({ type: 'string', format: 'binary' });
    expect(jsonSchemaField(z.number().int().describe('Units'), 'output').node).toMatchObject({ type: 'integer', description: 'Units' });
  });

  it('leaves an unrepresentable type (z.date(), a transform output) typeless, marked with its zod schema', () => {
    const field = jsonSchemaField(z.date(), 'output');
    expect(field.node.type).toBeUndefined();
    expect(field.sourceOf(field.node)).toHaveProperty('type', 'date');
  });

  it('keeps a fixed default and drops one computed anew on each parse', () => {
    expect(jsonSchemaField(z.int().default(20), 'input').node.default).toBe(20);
    expect(
      jsonSchemaField(
        z.uuid().default(() => crypto.randomUUID()),
        'input',
      ).node,
    ).not.toHaveProperty('default');
  });
});
