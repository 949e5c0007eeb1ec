// Closing the app lets the requests already running finish (and commit), then stops taking new ones.
import { connect } from 'node:net';
import { tables } from '@gatepost/db';
import { implement } from '@gatepost/server';
import { Contact, defineContract, defineMutation, defineQuery } from '@gatepost/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { forEachDatabase } from '../../helpers/databases';
import { forEachProtocol, type Protocol } from '../../helpers/protocols';
import { startGatepost, useGatepost, type GatepostUnderTest } from '../../helpers/start-gatepost';
import { contactRowsWithEmail, postGraphQL, postJson, uniqueEmail } from './wire';

const HANDLER_DELAY_MS = 300;

/** Resolves the promise a test waits on once the slow handler for that email has started. */
const handlerStarted = new Map<string, () => void>();

function whenHandlerStarts(email: string): Promise<void> {
  return new Promise((resolve) => handlerStarted.set(email, resolve));
}

const slowContract = defineContract({
  slow: {
    submit: defineMutation({
      name: 'slow.submit',
      description: 'Waits a little, then writes a contact.',
      auth: 'public',
      input: z.strictObject({ email: z.email() }),
      output: Contact,
    }),
    // GraphQL needs a Query type with a field.
    ping: defineQuery({
      name: 'slow.ping',
      description: 'Answers true.',
      auth: 'public',
      input: z.strictObject({}),
      output: z.boolean(),
      graphqlName: 'ping',
    }),
  },
});

const slowHandlers = implement(slowContract, {
  slow: {
    submit: async (input, { db }) => {
      handlerStarted.get(input.email)?.();
      await new Promise((resolve) => setTimeout(resolve, HANDLER_DELAY_MS));
      const [row] = await db.insert(tables.contacts).values({ name: 'Slow', email: input.email }).returning();
      if (!row) throw new Error('no row');
      return { ...row, attachment: null, createdAt: row.createdAt.toISOString() };
    },
    ping: async () => true,
  },
});

function slowSubmit(protocol: Protocol, email: string): [string, RequestInit] {
  if (protocol === 'trpc') return ['/trpc/slow.submit', postJson({ email })];
  return ['/graphql', postGraphQL('mutation($input: SubmitSlowInput!) { submitSlow(input: $input) { email } }', { input: { email } })];
}

function emailAnswered(protocol: Protocol, body: unknown): unknown {
  const value = body as { result?: { data?: { email?: unknown } }; data?: { submitSlow?: { email?: unknown } } };
  return protocol === 'trpc' ? value.result?.data?.email : value.data?.submitSlow?.email;
}

/** Opens a bare TCP connection and reports how it went: 'connected' or the error code. */
function tryToConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

function portOf(gp: GatepostUnderTest): number {
  return Number(new URL(gp.url).port);
}

/** What happened when close() was called while a slow call was running. */
interface ClosingScenario {
  readonly email: string;
  readonly status: number;
  readonly body: unknown;
  /** Settles when close() has finished. */
  readonly closed: Promise<void>;
}

async function closeDuringSlowCall(gp: GatepostUnderTest, protocol: Protocol): Promise<ClosingScenario> {
  const email = uniqueEmail('in-flight');
  const started = whenHandlerStarts(email);
  const answer = gp.fetch(...slowSubmit(protocol, email));
  await started;
  const closed = gp.app.close();
  // Do not let a close() that never settles fail the run with an unhandled rejection.
  closed.catch(() => {});
  const response = await answer;
  return { email, status: response.status, body: await response.json(), closed };
}

function settlesWithin<T>(promise: Promise<T>, milliseconds: number): Promise<boolean> {
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), milliseconds)),
  ]);
}

forEachDatabase((database) => {
  forEachProtocol((protocol) => {
    describe('when close() is called while a request is in flight', () => {
      let gp: GatepostUnderTest;
      let scenario: ClosingScenario;
      beforeAll(async () => {
        gp = await startGatepost({ database: database.current, contract: slowContract, handlers: slowHandlers });
        scenario = await closeDuringSlowCall(gp, protocol);
      });
      afterAll(async () => {
        // Whatever close() is still waiting for, end it so the suite does not hang.
        gp.app.server.closeAllConnections();
        await scenario?.closed;
      });

      it('still answers that request with 200 and its result', () => {
        expect(scenario.status).toBe(200);
        expect(emailAnswered(protocol, scenario.body)).toBe(scenario.email);
      });

      it('commits the row that request wrote', async () => {
        expect(await contactRowsWithEmail(database.current, scenario.email)).toHaveLength(1);
      });

      it('finishes closing within 5 s of that response although the client keeps its connection alive', async () => {
        expect(await settlesWithin(scenario.closed, 5000)).toBe(true);
      });
    });
  });

  describe('after close() has finished', () => {
    const gp = useGatepost(database, { contract: slowContract, handlers: slowHandlers });

    it('refuses new connections on the port it listened on', async () => {
      expect(await tryToConnect(portOf(gp))).toBe('connected');
      await gp.close();
      expect(await tryToConnect(portOf(gp))).toBe('ECONNREFUSED');
    });
  });
});
