// The ceiling for "drizzle behind HTTP": the Fastify route with the insert as a named prepared
// statement (`.prepare('insert_contact')`), so neither drizzle nor PostgreSQL re-plans it per call.
import { SubmitContactInput } from '@gatepost/shared';
import Fastify from 'fastify';
import { announce, exitOnSigterm, portFromEnvironment } from './serve';
import { openPeerDatabase, prepareInsertContact } from './shared-db';

const database = openPeerDatabase();
const insertContact = prepareInsertContact(database.db);
const app = Fastify();

app.post('/contacts', async (request, reply) => {
  const parsed = SubmitContactInput.safeParse(request.body);
  if (!parsed.success) return reply.code(400).send({ issues: parsed.error.issues });
  return reply.code(201).send(await insertContact(parsed.data));
});

await app.listen({ port: portFromEnvironment(), host: '127.0.0.1' });
announce(app.server.address());
exitOnSigterm(async () => {
  await app.close();
  await database.close();
});
