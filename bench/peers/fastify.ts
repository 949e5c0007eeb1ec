// Bare Fastify route + drizzle: the REST baseline. 201 with the row, 400 with zod's issues.
// Fastify's default logger setting (off) is its production default.
import { SubmitContactInput } from '@gatepost/shared';
import Fastify from 'fastify';
import { announce, exitOnSigterm, portFromEnvironment } from './serve';
import { insertContact, openPeerDatabase } from './shared-db';

const database = openPeerDatabase();
const app = Fastify();

app.post('/contacts', async (request, reply) => {
  const parsed = SubmitContactInput.safeParse(request.body);
  if (!parsed.success) return reply.code(400).send({ issues: parsed.error.issues });
  return reply.code(201).send(await insertContact(database.db, parsed.data));
});

await app.listen({ port: portFromEnvironment(), host: '127.0.0.1' });
announce(app.server.address());
exitOnSigterm(async () => {
  await app.close();
  await database.close();
});
