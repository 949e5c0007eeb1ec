import { GatepostError, describeIssues, type InputIssue, type InputSchema } from '@gatepost/shared';
import { z } from 'zod';
import type { FormFields } from '../../http/form-body';
import { formTree, type FormNode } from './form-tree';
import { fieldSchema, fromText, unwrapSchema } from './text-value';

export type FormInput =
  { readonly ok: true; readonly input: Record<string, unknown> } | { readonly ok: false; readonly error: GatepostError };

/** Left out of the input: an empty field of an optional input. */
const ABSENT = Symbol('absent');

/**
 * A form's fields as a call's raw input, typed by the operation's own schema, which then
 * validates it as it validates JSON. The notation (README, "REST"):
 * - `name=Ada`: a field; text, or a number or boolean where the schema says so (`quantity=2`, `active=true`).
 * - `items[0][productId]=…&items[0][quantity]=2`: nested objects and numbered list items.
 * - `tags[]=a&tags[]=b`, `tags[0]=a&tags[1]=b` or `tags=a&tags=b`: a list.
 * - An empty value of an optional field leaves the field out, as a browser sends every field
 *   of a form whether filled in or not (zod-form-data reads forms the same way).
 * A name sent more than once where the schema takes one value is refused (VALIDATION_FAILED,
 * on that field's path), as are the key shapes formTree refuses. A value of the wrong type is
 * left as text for the schema to refuse (`quantity: must be a number`).
 */
export function inputFromForm(schema: InputSchema, form: FormFields, options: { readonly maxDepth: number }): FormInput {
  const tree = formTree(form.entries, options.maxDepth);
  if (!tree.ok) return refused(tree.issues);
  const issues: InputIssue[] = [];
  const input = fieldsValue(schema, tree.fields, [], issues);
  return issues.length > 0 ? refused(issues) : { ok: true, input };
}

function refused(issues: InputIssue[]): FormInput {
  return { ok: false, error: new GatepostError('VALIDATION_FAILED', describeIssues(issues), { issues }) };
}

function fieldsValue(
  schema: z.ZodType | undefined,
  children: Map<string, FormNode>,
  path: (string | number)[],
  issues: InputIssue[],
): Record<string, unknown> {
  const entries: [string, unknown][] = [];
  for (const [name, child] of children) {
    const value = valueOf(fieldSchema(schema, name), child, [...path, name], issues);
    if (value !== ABSENT) entries.push([name, value]);
  }
  // fromEntries defines each key as the object's own, `__proto__` included (which the schema then refuses as unknown).
  return Object.fromEntries(entries);
}

function valueOf(schema: z.ZodType | undefined, node: FormNode, path: (string | number)[], issues: InputIssue[]): unknown {
  const core = schema && unwrapSchema(schema);
  const element = core instanceof z.ZodArray ? (core.element as z.ZodType) : undefined;
  if (node.kind === 'fields') return fieldsValue(core, node.children, path, issues);
  if (node.kind === 'items') {
    return Array.from(node.children, (child, index) => {
      const value = child && valueOf(element, child, [...path, index], issues);
      return value === ABSENT ? undefined : value;
    });
  }
  const { values } = node;
  if (values.length === 1 && values[0] === '' && schema?.safeParse(undefined).success) return ABSENT;
  if (element) return values.map((text) => fromText(element, text));
  if (values.length > 1 && schema) {
    issues.push({ path, message: `was sent ${values.length} times; send one value` });
    return ABSENT;
  }
  if (values.length > 1) return values;
  const text = values[0] ?? '';
  return schema ? fromText(schema, text) : text;
}
