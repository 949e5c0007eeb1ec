import { tables } from '@gatepost/db';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';

/** Inputs for one mutation: a valid one (made unique by `tag`) and inputs each protocol must refuse the same way. */
export interface MutationFixture {
  /** Where a valid call writes, and how to make one; absent for operations whose success has its own suite (auth). */
  readonly table?: PgTable & { id: AnyPgColumn };
  readonly valid?: (tag: string) => Record<string, unknown>;
  /** Refused inputs; `code` defaults to VALIDATION_FAILED. */
  readonly invalid: readonly { readonly title: string; readonly input: unknown; readonly code?: string }[];
  /** The query that reads a created row back, by id. */
  readonly readBack?: string;
  /** The row as the output shows it, where a column stands for a nested object (a contact's attachment). */
  readonly rowAsOutput?: (row: Record<string, unknown>) => Record<string, unknown>;
}

/** A contact's row as its output shows it: none of these fixtures attaches a file, so `attachment` is null. */
const contactRowAsOutput = ({ attachmentId, ...row }: Record<string, unknown>) => ({ ...row, attachment: attachmentId });

/** A well-formed product id; whether it exists does not matter to refused inputs. */
const PRODUCT = '7c1e2a0e-0d6f-4a53-9d1e-2f0b6a1c0001';

const contact = (tag: string, index = 0) => ({
  name: `Ada ${tag} ${index}`,
  email: `ada.${tag}.${index}@example.com`,
  message: `Hello ${index}`,
});
const user = (tag: string, index = 0) => ({ email: `grace.${tag}.${index}@example.com`, displayName: `Grace ${tag} ${index}` });

/** One entry per contract mutation; the parity suite fails when a mutation has none. */
export const mutationFixtures: Record<string, MutationFixture> = {
  // A file travels as a multipart part, which no JSON input can carry: test/files/ drives it over every protocol.
  'files.upload': {
    invalid: [
      { title: 'no file', input: {} },
      { title: 'text where the file belongs', input: { file: 'not a file' } },
    ],
  },
  'contacts.submit': {
    table: tables.contacts,
    readBack: 'contacts.get',
    valid: (tag) => ({ name: `Ada ${tag}`, email: `ada.${tag}@example.com`, message: `Hello from ${tag}` }),
    rowAsOutput: contactRowAsOutput,
    invalid: [
      { title: 'no fields at all', input: {} },
      { title: 'an address that is not an email', input: { name: 'Ada', email: 'ada-at-example' } },
      { title: 'an empty name', input: { name: '', email: 'ada@example.com' } },
      { title: 'a name of 101 characters', input: { name: 'a'.repeat(101), email: 'ada@example.com' } },
      { title: 'a message over 5000 characters', input: { name: 'Ada', email: 'ada@example.com', message: 'm'.repeat(5001) } },
      { title: 'a number where a name belongs', input: { name: 42, email: 'ada@example.com' } },
      { title: 'an unknown field', input: { name: 'Ada', email: 'ada@example.com', nickname: 'A' } },
    ],
  },
  'contacts.submitMany': {
    table: tables.contacts,
    readBack: 'contacts.get',
    valid: (tag) => ({ items: [contact(tag, 0), contact(tag, 1), contact(tag, 2)] }),
    rowAsOutput: ({ attachmentId: _attachmentId, ...row }) => row,
    invalid: [
      { title: 'an empty list of items', input: { items: [] } },
      { title: 'no items field', input: {} },
      { title: 'one bad item among good ones', input: { items: [contact('x', 0), { name: 'Bad', email: 'nope' }, contact('x', 2)] } },
      { title: 'an unknown field in an item', input: { items: [{ ...contact('x'), nickname: 'A' }] } },
      { title: '1001 items', input: { items: Array.from({ length: 1001 }, (_, index) => contact('x', index)) }, code: 'PAYLOAD_TOO_LARGE' },
    ],
  },
  'users.createMany': {
    table: tables.users,
    readBack: 'users.get',
    valid: (tag) => ({ items: [user(tag, 0), user(tag, 1)] }),
    invalid: [
      { title: 'an empty list of items', input: { items: [] } },
      { title: 'one bad email among good ones', input: { items: [user('y', 0), { email: 'grace', displayName: 'G' }] } },
    ],
  },
  'auth.register': {
    table: tables.users,
    readBack: 'users.get',
    valid: (tag) => ({ email: `reg.${tag}@example.com`, password: 'correct horse battery', displayName: `Reg ${tag}` }),
    invalid: [
      { title: 'a password of 11 characters', input: { email: 'reg@example.com', password: '12345678901', displayName: 'R' } },
      { title: 'no password', input: { email: 'reg@example.com', displayName: 'R' } },
      {
        title: 'an unknown field',
        input: { email: 'reg@example.com', password: 'correct horse battery', displayName: 'R', role: 'admin' },
      },
    ],
  },
  'auth.login': {
    invalid: [
      { title: 'an address that is not an email', input: { email: 'nope', password: 'x' } },
      {
        title: 'a wrong password for an unknown email',
        input: { email: 'nobody@example.com', password: 'wrong password here' },
        code: 'UNAUTHENTICATED',
      },
    ],
  },
  // logout takes nothing: GraphQL gives it no arguments at all, so there is no bad input to compare.
  'auth.logout': { invalid: [] },
  'auth.createApiKey': {
    invalid: [
      { title: 'an empty name', input: { name: '' } },
      { title: 'a key for the operator, who is no user', input: { name: 'ops' }, code: 'FORBIDDEN' },
    ],
  },
  'auth.revokeApiKey': {
    invalid: [
      { title: 'an id that is not a UUID', input: { id: 'nope' } },
      { title: 'a key for the operator, who is no user', input: { id: '00000000-0000-4000-8000-000000000000' }, code: 'NOT_FOUND' },
    ],
  },
  'users.create': {
    table: tables.users,
    readBack: 'users.get',
    valid: (tag) => ({ email: `grace.${tag}@example.com`, displayName: `Grace ${tag}` }),
    invalid: [
      { title: 'no fields at all', input: {} },
      { title: 'an address that is not an email', input: { email: 'grace', displayName: 'Grace' } },
      { title: 'a display name of 81 characters', input: { email: 'grace@example.com', displayName: 'g'.repeat(81) } },
      { title: 'a blank display name', input: { email: 'grace@example.com', displayName: '   ' } },
      { title: 'a list where an email belongs', input: { email: ['grace@example.com'], displayName: 'Grace' } },
      { title: 'an unknown field', input: { email: 'grace@example.com', displayName: 'Grace', role: 'admin' } },
    ],
  },
  // Orders and bookings belong to users: a valid call succeeds in their own suites (test/orders,
  // test/bookings); the operator (who calls here) is no user, and a bad input is refused alike.
  'orders.place': {
    invalid: [
      { title: 'an empty list of items', input: { items: [], paymentToken: 'tok_approve' } },
      { title: 'a quantity of 0', input: { items: [{ productId: PRODUCT, quantity: 0 }], paymentToken: 'tok_approve' } },
      { title: 'a product id that is not a UUID', input: { items: [{ productId: 'p1', quantity: 1 }], paymentToken: 'tok_approve' } },
      {
        title: 'the same product twice',
        input: {
          items: [
            { productId: PRODUCT, quantity: 1 },
            { productId: PRODUCT, quantity: 2 },
          ],
          paymentToken: 'tok_approve',
        },
      },
      { title: 'no payment token', input: { items: [{ productId: PRODUCT, quantity: 1 }] } },
      { title: 'a fractional quantity', input: { items: [{ productId: PRODUCT, quantity: 1.5 }], paymentToken: 'tok_approve' } },
    ],
  },
  'bookings.reserve': {
    invalid: [
      { title: 'an end before the start', input: { resourceId: 'room-1', from: '2031-01-01T11:00:00Z', to: '2031-01-01T10:00:00Z' } },
      { title: 'an end equal to the start', input: { resourceId: 'room-1', from: '2031-01-01T10:00:00Z', to: '2031-01-01T10:00:00Z' } },
      { title: 'a start that is not a timestamp', input: { resourceId: 'room-1', from: 'tomorrow', to: '2031-01-01T10:00:00Z' } },
      { title: 'a blank resource', input: { resourceId: '  ', from: '2031-01-01T10:00:00Z', to: '2031-01-01T11:00:00Z' } },
      {
        title: 'a resource of 101 characters',
        input: { resourceId: 'r'.repeat(101), from: '2031-01-01T10:00:00Z', to: '2031-01-01T11:00:00Z' },
      },
      {
        title: 'a booking by the operator, who is no user',
        input: { resourceId: 'room-1', from: '2031-01-01T10:00:00Z', to: '2031-01-01T11:00:00Z' },
        code: 'FORBIDDEN',
      },
    ],
  },
  'bookings.cancel': {
    invalid: [
      { title: 'an id that is not a UUID', input: { id: 'nope' } },
      { title: 'a cancel by the operator, who is no user', input: { id: PRODUCT }, code: 'FORBIDDEN' },
    ],
  },
};
