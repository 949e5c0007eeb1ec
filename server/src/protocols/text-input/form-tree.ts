import type { FormValue } from '../../http/form-body';
import type { InputIssue } from '@gatepost/shared';

/**
 * What a form sent under one name, once its bracketed keys are expanded: `text` for the values
 * of a plain key (more than one when the key was repeated), `fields` for `name[field]=…` keys,
 * `items` for `name[0]=…` and `name[]=…` keys.
 */
export type FormNode =
  | { readonly kind: 'text'; readonly values: FormValue[] }
  | { readonly kind: 'fields'; readonly children: Map<string, FormNode> }
  | { readonly kind: 'items'; readonly children: (FormNode | undefined)[] };

export type FormTree =
  { readonly ok: true; readonly fields: Map<string, FormNode> } | { readonly ok: false; readonly issues: InputIssue[] };

/** `[]`: the next item of a list (`tags[]=a&tags[]=b`). */
const NEXT_ITEM = Symbol('next item');
type Segment = string | number | typeof NEXT_ITEM;

/** `name` followed by any number of `[segment]`; any other key is a plain name (the schema then refuses it if it knows no such field). */
const BRACKETED_KEY = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;
const INDEX = /^(0|[1-9]\d{0,8})$/;

/** A form key's segments: `items[0][file]` is `items`, 0, `file`; `tags[]` is `tags`, then the next item. */
export function formKeySegments(key: string): Segment[] {
  const match = BRACKETED_KEY.exec(key);
  if (!match) return [key];
  const [, name = key, brackets = ''] = match;
  const segments: Segment[] = [name];
  for (const [, inner = ''] of brackets.matchAll(/\[([^[\]]*)\]/g)) {
    segments.push(inner === '' ? NEXT_ITEM : INDEX.test(inner) ? Number(inner) : inner);
  }
  return segments;
}

const KIND_NAMES: Record<FormNode['kind'], string> = { text: 'a value', fields: 'named fields', items: 'numbered items' };

/**
 * Expands a form's fields into a tree: `items[0][productId]=…&items[0][quantity]=2` gives
 * `items` → item 0 → `productId`, `quantity`. Refused, each as an issue on its path: a key
 * nesting deeper than `maxDepth`, an index at or past the number of fields sent (no form of N
 * fields fills a list longer than N; it would only allocate), `[]` before further brackets
 * (which item would `items[][quantity]` be?), and one name used two ways (`a=1&a[b]=2`).
 */
export function formTree(entries: readonly (readonly [string, FormValue])[], maxDepth: number): FormTree {
  const root: FormNode = { kind: 'fields', children: new Map() };
  const issues: InputIssue[] = [];
  for (const [key, value] of entries) {
    const segments = formKeySegments(key);
    const issue = place(root, segments, value, { maxDepth, maxIndex: entries.length - 1 });
    if (issue) issues.push(issue);
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, fields: root.children };
}

function place(
  root: FormNode,
  segments: Segment[],
  value: FormValue,
  limits: { maxDepth: number; maxIndex: number },
): InputIssue | undefined {
  const path: (string | number)[] = [];
  if (segments.length > limits.maxDepth) {
    return { path: [String(segments[0])], message: `nests deeper than the limit of ${limits.maxDepth} levels` };
  }
  let node = root;
  for (const [position, segment] of segments.entries()) {
    const isLast = position === segments.length - 1;
    const next = segments[position + 1];
    const wanted: FormNode['kind'] = isLast ? 'text' : typeof next === 'string' ? 'fields' : 'items';
    if (segment === NEXT_ITEM && !isLast) return { path, message: 'uses [] before more brackets; number its items: [0], [1], …' };
    if (typeof segment === 'number' && segment > limits.maxIndex) {
      return { path: [...path, segment], message: `is past the ${limits.maxIndex + 1} fields sent; number items from 0` };
    }
    const { child, at } = childOf(node, segment, wanted);
    path.push(at);
    if (child.kind !== wanted)
      return { path, message: `is sent both as ${KIND_NAMES[child.kind]} and as ${KIND_NAMES[wanted]}; send it one way` };
    if (child.kind === 'text') child.values.push(value);
    node = child;
  }
  return undefined;
}

/**
 * The node at `segment` under `node`, made (of the kind wanted) when missing. `node` always has
 * the kind the segment needs: place() made it for this very segment (`a[0]` made `a` a list).
 */
function childOf(node: FormNode, segment: Segment, wanted: FormNode['kind']): { child: FormNode; at: string | number } {
  if (node.kind === 'fields') {
    const name = String(segment);
    const child = node.children.get(name) ?? newNode(wanted);
    node.children.set(name, child);
    return { child, at: name };
  }
  if (node.kind === 'items') {
    const index = segment === NEXT_ITEM ? node.children.length : Number(segment);
    const child = node.children[index] ?? newNode(wanted);
    node.children[index] = child;
    return { child, at: index };
  }
  return { child: node, at: String(segment) };
}

function newNode(kind: FormNode['kind']): FormNode {
  if (kind === 'text') return { kind, values: [] };
  if (kind === 'fields') return { kind, children: new Map() };
  return { kind, children: [] };
}
