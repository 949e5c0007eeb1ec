// Bare graphql-yoga on node:http (its default) + drizzle, SDL written by hand. The type and field
// names match gatepost's generated schema so the bench sends both the same documents; the
// resolver runs the same zod schema gatepost's pipeline does.
import { createServer } from 'node:http';
import { SubmitContactInput } from '@gatepost/shared';
import { GraphQLError } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import type { z } from 'zod';
import { EchoInput } from './echo-input';
import { serveNodeHttp } from './serve';
import { insertContact, openPeerDatabase } from './shared-db';

const database = openPeerDatabase();

const typeDefs = /* GraphQL */ `
  type Contact {
    id: ID!
    name: String!
    email: String!
    message: String
    createdAt: String!
  }
  type Echo {
    name: String!
    email: String!
  }
  input SubmitContactInput {
    name: String!
    email: String!
    message: String
  }
  input EchoBenchInput {
    name: String!
    email: String!
  }
  type Query {
    ok: Boolean!
  }
  type Mutation {
    submitContact(input: SubmitContactInput!): Contact!
    echoBench(input: EchoBenchInput!): Echo!
  }
`;

/** zod's verdict as a GraphQL error, the way a yoga user reports bad input. */
function parseOrThrow<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  throw new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

interface InputArgs {
  readonly input: unknown;
}

const schema = createSchema({
  typeDefs,
  resolvers: {
    Query: { ok: () => true },
    Mutation: {
      submitContact: (_: unknown, args: InputArgs) => insertContact(database.db, parseOrThrow(SubmitContactInput, args.input)),
      echoBench: (_: unknown, args: InputArgs) => parseOrThrow(EchoInput, args.input),
    },
  },
});

const yoga = createYoga({ schema });
await serveNodeHttp(createServer(yoga), () => database.close());
