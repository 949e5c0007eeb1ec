// Bare oRPC 1.x: its RPCHandler on node:http + drizzle. oRPC's own RPC wire format:
// POST /rpc/contacts/submit with body `{"json": <input>}`, answered with `{"json": <output>}`.
import { createServer } from 'node:http';
import { SubmitContactInput } from '@gatepost/shared';
import { os } from '@orpc/server';
import { RPCHandler } from '@orpc/server/node';
import { EchoInput } from './echo-input';
import { serveNodeHttp } from './serve';
import { insertContact, openPeerDatabase } from './shared-db';

const database = openPeerDatabase();

const router = {
  contacts: {
    submit: os.input(SubmitContactInput).handler(({ input }) => insertContact(database.db, input)),
  },
  bench: {
    echo: os.input(EchoInput).handler(({ input }) => input),
  },
};

const handler = new RPCHandler(router);

const server = createServer(async (request, response) => {
  const { matched } = await handler.handle(request, response, { prefix: '/rpc', context: {} });
  if (matched) return;
  response.statusCode = 404;
  response.end('Not found');
});

await serveNodeHttp(server, () => database.close());
