// Bare tRPC v11 on its standalone adapter (node:http) + drizzle: what a team writes without gatepost.
// Same zod input as gatepost's contract; no transformer, so the wire is the same plain JSON.
import { SubmitContactInput } from '@gatepost/shared';
import { initTRPC } from '@trpc/server';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { EchoInput } from './echo-input';
import { serveNodeHttp } from './serve';
import { insertContact, openPeerDatabase } from './shared-db';

const database = openPeerDatabase();
const t = initTRPC.create();

const router = t.router({
  contacts: t.router({
    submit: t.procedure.input(SubmitContactInput).mutation(({ input }) => insertContact(database.db, input)),
  }),
  bench: t.router({
    echo: t.procedure.input(EchoInput).mutation(({ input }) => input),
  }),
});

// basePath: gatepost serves tRPC under /trpc/, so both answer the same URLs.
await serveNodeHttp(createHTTPServer({ router, basePath: '/trpc/' }), () => database.close());
