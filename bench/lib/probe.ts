// Does this gatepost serve a bulk contacts mutation yet (issue 4)? Asked once, of a running
// gatepost: its printed SDL for `submitManyContacts`, its tRPC router for `contacts.submitMany`.
// The request shape is read from the SDL rather than assumed, so the scenario follows the contract.
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isLeafType,
  isListType,
  isObjectType,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import { graphqlMutation, trpcCall, type ContactFields, type WireRequest } from './wire';

export type SubmitManyProbe =
  | { readonly found: false }
  | { readonly found: true; readonly protocol: 'tRPC' | 'GraphQL'; readonly request: WireRequest; readonly note: string };

const GRAPHQL_FIELD = 'submitManyContacts';
const TRPC_PROCEDURE = 'contacts.submitMany';

export async function probeSubmitMany(baseUrl: string, items: number, item: ContactFields): Promise<SubmitManyProbe> {
  const list = Array.from({ length: items }, () => item);
  const sdl = await fetch(`${baseUrl}/schema.graphql`).then((response) => (response.ok ? response.text() : ''));
  const fromSdl = sdl.includes(GRAPHQL_FIELD) ? readShapeFromSdl(sdl) : null;

  // `{}` is never a valid bulk input, so this probe inserts nothing: 404 = no such procedure.
  const trpcProbe = await fetch(`${baseUrl}/trpc/${TRPC_PROCEDURE}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const trpcExists = trpcProbe.status !== 404;

  if (trpcExists) {
    // Without an SDL to read, try the two shapes a zod bulk input usually has.
    const candidates = fromSdl ? [fromSdl.wrap] : [(values: unknown[]) => values, (values: unknown[]) => ({ items: values })];
    for (const wrap of candidates) {
      const response = await fetch(`${baseUrl}/trpc/${TRPC_PROCEDURE}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(wrap([item])),
      });
      if (response.ok) {
        return { found: true, protocol: 'tRPC', request: trpcCall(TRPC_PROCEDURE, wrap(list)), note: `POST /trpc/${TRPC_PROCEDURE}` };
      }
    }
  }
  if (fromSdl) {
    const request = graphqlMutation({
      field: GRAPHQL_FIELD,
      inputType: fromSdl.inputType,
      selection: fromSdl.selection,
      input: fromSdl.wrap(list),
      fields: 1,
      marker: `"m0":`,
    });
    return { found: true, protocol: 'GraphQL', request, note: `GraphQL ${GRAPHQL_FIELD}(input: ${fromSdl.inputType}!)` };
  }
  return { found: false };
}

interface SdlShape {
  /** The `input` argument's type as written in a variable definition (without the outer `!`). */
  readonly inputType: string;
  /** Puts the list of items where the input type wants it. */
  readonly wrap: (items: unknown[]) => unknown;
  readonly selection: string;
}

function readShapeFromSdl(sdl: string): SdlShape | null {
  const field = buildSchema(sdl).getMutationType()?.getFields()[GRAPHQL_FIELD];
  const arg = field?.args.find((candidate) => candidate.name === 'input') ?? field?.args[0];
  if (!field || !arg) return null;
  const inputType = String(getNullableType(arg.type));
  const wrap = wrapperFor(getNullableType(arg.type));
  return wrap ? { inputType, wrap, selection: selectionFor(field.type) } : null;
}

/** Either the argument is the list itself, or an input object with one list field. */
function wrapperFor(type: GraphQLInputType): ((items: unknown[]) => unknown) | null {
  if (isListType(type)) return (items) => items;
  if (!isInputObjectType(type)) return null;
  const listField = Object.values(type.getFields()).find((candidate) => isListType(getNullableType(candidate.type)));
  return listField ? (items) => ({ [listField.name]: items }) : null;
}

/** Every scalar field of the result type (through lists), or `__typename` when it has none. */
function selectionFor(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named)) return '{ __typename }';
  const leaves = Object.values(named.getFields())
    .filter((candidate) => isLeafType(getNamedType(candidate.type)) && candidate.args.length === 0)
    .map((candidate) => candidate.name);
  return `{ ${leaves.length > 0 ? leaves.join(' ') : '__typename'} }`;
}
