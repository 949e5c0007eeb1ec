import { readFileSync } from 'node:fs';
import { defineContract, defineMutation } from '@gatepost/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildGraphQLSchema } from '../../server/src/protocols/graphql/build-schema';
import { printContractSchema, schemaFile } from '../../server/src/protocols/graphql/print-schema';

describe('the generated GraphQL schema', () => {
  it('matches the committed schema.graphql (run `npm run schema:print` when the contract changes)', () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(printContractSchema());
  });

  it.each([
    'submitContact(input: SubmitContactInput!): Contact',
    'createUser(input: CreateUserInput!): User',
    'submitManyContacts(input: SubmitManyContactsInput!): [SubmittedContact!]',
    'createManyUsers(input: CreateManyUsersInput!): [User!]',
    'directive @atomic on MUTATION',
    'contact(id: ID!): Contact',
    'user(id: ID!): User',
    'uploadFile(input: UploadFileInput!): File',
    'file(id: ID!): File',
    'scalar Upload',
  ])('serves the public field %s', (field) => {
    expect(printContractSchema()).toContain(field);
  });

  it('describes every mutation with its contract description', () => {
    expect(printContractSchema()).toContain('"""Send a message through the contact form."""');
  });

  it('refuses at start-up a contract type with no GraphQL mapping, naming the mutation and the path', () => {
    const contract = defineContract({
      notes: {
        tag: defineMutation({
          name: 'notes.tag',
          description: 'Tag a note',
          auth: 'public',
          input: z.strictObject({ labels: z.record(z.string(), z.string()) }),
          output: z.object({ ok: z.boolean() }).meta({ id: 'TagResult' }),
        }),
      },
    });
    expect(() => buildGraphQLSchema(contract)).toThrow(/notes\.tag.*input\.labels.*record/);
  });
});
