// Bare graphql-yoga receiving a file its own way, for the upload bench: the GraphQL multipart
// request spec handled by yoga's default multipart support, the file arriving in the resolver as
// a WHATWG `File` (yoga docs, "File Uploads"). No database: only the upload is measured.
// MAX_REQUEST_BODY_SIZE sets yoga's `maxRequestBodySize` (bytes); unset, yoga keeps its default
// (25 MB in graphql-yoga 5.24), which refuses larger uploads with 413 before reading them.
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import { serveNodeHttp } from './serve';

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    scalar File
    type Query {
      ok: Boolean!
    }
    type Mutation {
      "The size of the file yoga received, in bytes."
      uploadFile(file: File!): Int!
    }
  `,
  resolvers: {
    Query: { ok: () => true },
    Mutation: { uploadFile: (_: unknown, args: { file: File }) => args.file.size },
  },
});

const limit = process.env.MAX_REQUEST_BODY_SIZE;
const yoga = createYoga({ schema, ...(limit ? { maxRequestBodySize: Number(limit) } : {}) });
await serveNodeHttp(createServer(yoga));
