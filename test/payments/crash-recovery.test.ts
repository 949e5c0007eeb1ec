// A gatepost process killed (SIGKILL: no handler, no graceful stop) in the middle of a payment,
// then started again on the same database: the restarted process's reconciler finishes what the
// crash left. Killed between COMMIT and capture, the order is captured exactly once after the
// restart, whether or not the provider had already taken the money; killed between the hold and
// COMMIT, the hold is voided. The provider lives in this test process (see gatepost-process.ts).
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createGatepostClient } from '@gatepost/client';
import { createSimulatedPaymentProvider, type PaymentProvider, type SimulatedPaymentProvider } from '@gatepost/server';
import { describe, expect, it } from 'vitest';
import { PASSWORD, uniqueEmail } from '../auth/helpers';
import { createProduct } from '../helpers/commerce';
import { forEachDatabase, type TestDatabase } from '../helpers/databases';
import type { ProviderAnswer, ProviderCall } from './fixtures/gatepost-process';
import { captureEventsOf, committedOrderStatus, holdNamed } from './helpers';

const PROCESS = fileURLToPath(new URL('./fixtures/gatepost-process.ts', import.meta.url));
const START_TIMEOUT_MS = 60_000;

/** What the provider does with a call from the process: answer it, or kill the process (after doing it, or before). */
type Fate = 'answer' | 'kill before doing it' | 'kill after doing it';

interface GatepostProcess {
  readonly url: string;
  /** Resolves when the process has exited (killed, most likely). */
  readonly exited: Promise<unknown>;
  kill(): void;
}

/** Starts gatepost in a child process against the test's database, its provider calls served by `payments`. */
async function startProcess(
  database: TestDatabase,
  payments: SimulatedPaymentProvider,
  env: Record<string, string>,
  fateOf: (call: ProviderCall) => Fate = () => 'answer',
): Promise<GatepostProcess> {
  const child: ChildProcess = fork(PROCESS, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DATABASE_URL: database.url, PORT: '0', WEB_DIR: '', LOG_LEVEL: 'silent', PASSWORD_HASH_COST: '10', ...env },
    // Structured clone, so the provider's Dates cross the channel as Dates.
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const kill = () => child.kill('SIGKILL');
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('gatepost did not start in time')), START_TIMEOUT_MS);
    void exited.then(() => reject(new Error('gatepost exited before it was ready')));
    child.on('message', async (message: ProviderCall | { ready: string }) => {
      if ('ready' in message) {
        clearTimeout(timer);
        resolve(message.ready);
        return;
      }
      const fate = fateOf(message);
      if (fate === 'kill before doing it') {
        kill();
        return;
      }
      let answer: ProviderAnswer;
      try {
        const method = payments[message.method] as (request: unknown) => Promise<unknown>;
        answer = { id: message.id, result: await method(message.request) };
      } catch (error) {
        answer = { id: message.id, error: String(error) };
      }
      if (fate === 'kill after doing it') kill();
      else if (child.connected) child.send(answer);
    });
  });
  return { url, exited, kill };
}

/** A buyer signed up through the process's API, and a raw order request that carries no retries. */
async function buyerOn(url: string) {
  const client = createGatepostClient({ url });
  const email = uniqueEmail('crash');
  await client.trpc.auth.register.mutate({ email, password: PASSWORD, displayName: 'Crash' });
  const { token } = await client.trpc.auth.login.mutate({ email, password: PASSWORD });
  return {
    place: (productId: string) =>
      fetch(`${url}/trpc/orders.place`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
        body: JSON.stringify({ items: [{ productId, quantity: 1 }], paymentToken: 'tok_approve' }),
      }),
  };
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 30_000): Promise<T> {
  for (const started = Date.now(); ;) {
    const value = await read();
    if (done(value) || Date.now() - started > ms) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const isMethod = (method: keyof PaymentProvider) => (call: ProviderCall) => call.method === method;

forEachDatabase((database) => {
  /** Runs one order in a process killed at `crashAt`, then restarts gatepost; gives what the crash left. */
  async function crashDuringOrder(crashAt: (call: ProviderCall) => Fate, restartEnv: Record<string, string>) {
    const payments = createSimulatedPaymentProvider();
    const product = await createProduct(database.current, { stock: 5, priceCents: 3100 });
    // A long interval: the first process's reconciler stays out of the way of the call it dies in.
    const first = await startProcess(database.current, payments, { PAYMENT_RECONCILE_INTERVAL_MS: '600000' }, crashAt);
    const buyer = await buyerOn(first.url);
    const answer = await buyer.place(product.id).then(
      (response) => `answered ${response.status}`,
      () => 'no answer',
    );
    await first.exited;
    const [hold] = payments.authorisations;
    const orderStatus = hold ? await committedOrderStatus(database.current, { paymentId: hold.authorisationId }) : undefined;
    const left = { answer, hold: hold ? { ...hold } : undefined, captures: payments.captures.length, orderStatus };
    const second = await startProcess(database.current, payments, { PAYMENT_RECONCILE_INTERVAL_MS: '200', ...restartEnv });
    return { payments, left, hold, second };
  }

  describe('killed between COMMIT and capture', () => {
    it(
      'captures the order exactly once after restart when the capture never reached the provider',
      async () => {
        const { payments, left, hold, second } = await crashDuringOrder(
          (call) => (isMethod('capture')(call) ? 'kill before doing it' : 'answer'),
          {},
        );
        try {
          expect(left).toMatchObject({ answer: 'no answer', hold: { status: 'held' }, captures: 0, orderStatus: 'authorised' });
          const paymentId = hold?.authorisationId ?? '';
          expect(
            await waitFor(
              () => committedOrderStatus(database.current, { paymentId }),
              (status) => status === 'paid',
            ),
          ).toBe('paid');
          expect(payments.captures).toEqual([
            { authorisationId: paymentId, amountCents: 3100, idempotencyKey: expect.stringMatching(/^order\/.+\/capture$/) },
          ]);
          expect(holdNamed(payments, paymentId)?.status).toBe('captured');
          const orderId = hold?.reference ?? '';
          expect(
            await waitFor(
              () => captureEventsOf(database.current, orderId),
              (events) => events[0]?.done === true,
            ),
          ).toMatchObject([{ done: true }]);
        } finally {
          second.kill();
        }
      },
      3 * START_TIMEOUT_MS,
    );

    it(
      'captures nothing twice when the provider had already captured before the crash: the restart sends the same idempotency key',
      async () => {
        const { payments, left, hold, second } = await crashDuringOrder(
          (call) => (isMethod('capture')(call) ? 'kill after doing it' : 'answer'),
          {},
        );
        try {
          // The money was taken, but the crash came before the order was marked paid.
          expect(left).toMatchObject({ answer: 'no answer', hold: { status: 'captured' }, captures: 1, orderStatus: 'authorised' });
          const paymentId = hold?.authorisationId ?? '';
          expect(
            await waitFor(
              () => committedOrderStatus(database.current, { paymentId }),
              (status) => status === 'paid',
            ),
          ).toBe('paid');
          expect(payments.captures).toHaveLength(1);
        } finally {
          second.kill();
        }
      },
      3 * START_TIMEOUT_MS,
    );
  });

  it(
    'voids, after restart, a hold whose process was killed before its order committed',
    async () => {
      const { payments, left, hold, second } = await crashDuringOrder(
        (call) => (isMethod('authorise')(call) ? 'kill after doing it' : 'answer'),
        {
          PAYMENT_VOID_AFTER_SECONDS: '0',
        },
      );
      try {
        expect(left).toMatchObject({ answer: 'no answer', hold: { status: 'held' }, captures: 0, orderStatus: undefined });
        const paymentId = hold?.authorisationId ?? '';
        expect(
          await waitFor(
            async () => holdNamed(payments, paymentId)?.status,
            (status) => status === 'voided',
          ),
        ).toBe('voided');
        expect(payments.captures).toHaveLength(0);
      } finally {
        second.kill();
      }
    },
    3 * START_TIMEOUT_MS,
  );
});
