import type { TRPCLink } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';

/** Whether an input holds a file (a Blob or File) anywhere: such a call is sent as multipart, not JSON. */
export function hasFiles(value: unknown): boolean {
  if (value instanceof Blob) return true;
  if (Array.isArray(value)) return value.some(hasFiles);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasFiles);
  return false;
}

/**
 * An input as the FormData a form would send, the notation gatepost reads forms in: `name`,
 * `items[0][quantity]`, files as file parts. Numbers and booleans travel as text and are typed
 * again by the operation's schema on the server; undefined and null fields are left out.
 */
export function toFormData(input: unknown): FormData {
  const form = new FormData();
  const add = (key: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    if (value instanceof Blob) form.append(key, value, value instanceof File ? value.name : 'blob');
    else if (Array.isArray(value)) value.forEach((item, index) => add(`${key}[${index}]`, item));
    else if (typeof value === 'object') for (const [name, nested] of Object.entries(value)) add(key ? `${key}[${name}]` : name, nested);
    else form.append(key, String(value));
  };
  add('', input);
  return form;
}

/**
 * A link that turns a call's input into FormData, for httpLink to send as tRPC v11's FormData
 * input (a batch link cannot carry files: its body is JSON). createGatepostClient puts it in front
 * of an httpLink for calls whose input holds a file.
 */
export function formDataInputLink<Router extends AnyRouter>(): TRPCLink<Router> {
  return () =>
    function sendAsFormData({ op, next }) {
      return next({ ...op, input: toFormData(op.input) });
    };
}

/** The GraphQL multipart request spec's form for one operation: `operations` with nulls where files go, `map`, then the files. */
export function graphqlMultipartBody(query: string, variables: Record<string, unknown> | undefined): FormData {
  const files: Blob[] = [];
  const paths: string[][] = [];
  const withNulls = (value: unknown, path: string): unknown => {
    if (value instanceof Blob) {
      files.push(value);
      paths.push([path]);
      return null;
    }
    if (Array.isArray(value)) return value.map((item, index) => withNulls(item, `${path}.${index}`));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([name, nested]) => [name, withNulls(nested, `${path}.${name}`)]));
    }
    return value;
  };
  const operations = { query, variables: withNulls(variables ?? {}, 'variables') };
  const form = new FormData();
  form.set('operations', JSON.stringify(operations));
  form.set('map', JSON.stringify(Object.fromEntries(paths.map((path, index) => [String(index), path]))));
  files.forEach((file, index) => form.set(String(index), file, file instanceof File ? file.name : 'blob'));
  return form;
}
