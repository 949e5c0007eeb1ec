// The lost-response case end to end (issue 6): a real TCP proxy between the client and the server
// forwards an order, lets the server answer it in full (so the order, its charge and its key's
// stored answer are committed), and then breaks the client's connection without passing the answer
// on. The client sees a network error, sends the same request with the same key through the proxy
// again, and gets the original order back — replayed, not placed a second time.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import { createProduct, ordersOf, stockOf } from '../helpers/commerce';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost } from '../helpers/start-gatepost';
import { recordingFetch, type RecordingFetch } from './recording-fetch';
import { bodyOfRawResponse, startResponseDroppingProxy, type ResponseDroppingProxy } from './response-dropping-proxy';

interface PlacedOrder {
  readonly id: string;
  readonly paymentId: string;
  readonly totalCents: number;
}

forEachDatabase((database) => {
  const gp = useGatepost(database);
  let proxy: ResponseDroppingProxy;
  let buyer: SignedIn;
  let productId: string;
  let recorder: RecordingFetch;
  let placed: PlacedOrder;

  beforeAll(async () => {
    proxy = await startResponseDroppingProxy(gp.url, 'POST /trpc/orders.place');
    buyer = await signUp(gp, 'lost-response');
    productId = (await createProduct(database.current, { stock: 20, priceCents: 2500 })).id;
    recorder = recordingFetch();
    const client = gp.anonymousClient({ url: proxy.url, headers: bearer(buyer.token), fetch: recorder.fetch, retry: { baseDelayMs: 20 } });
    // A query first, so the order travels on a pooled keep-alive connection the proxy already carried.
    await client.trpc.catalog.list.query({});
    placed = await client.trpc.orders.place.mutate({ items: [{ productId, quantity: 2 }], paymentToken: 'tok_approve' });
  });
  afterAll(async () => {
    await proxy?.close();
  });

  it("lost the server's complete answer to the first attempt on the way back", () => {
    expect(proxy.droppedResponse).toMatch(/^HTTP\/1\.1 200 /);
    expect(recorder.attemptsTo('/trpc/orders.place')[0]?.outcome).toMatchObject({ kind: 'network-error' });
  });

  it('carried the query and the lost order on one pooled connection, and the retry on a new one', () => {
    expect(proxy.connections).toBe(2);
  });

  it('sends the order again through the proxy with the same Idempotency-Key, exactly once more', () => {
    const attempts = recorder.attemptsTo('/trpc/orders.place');
    expect(attempts.map((attempt) => attempt.outcome?.kind)).toEqual(['network-error', 'response']);
    expect(attempts[0]?.key).toEqual(expect.any(String));
    expect(attempts[1]?.key).toBe(attempts[0]?.key);
    expect(attempts.every((attempt) => attempt.url.startsWith(proxy.url))).toBe(true);
  });

  it('receives the answer to the retry with Idempotent-Replayed: true', () => {
    expect(recorder.attemptsTo('/trpc/orders.place')[1]?.outcome).toMatchObject({ status: 200, replayed: true });
  });

  it('resolves to the original order, exactly as the server first answered it', () => {
    // httpBatchLink sends even a lone call as a batch of one, answered by an array.
    const [original] = JSON.parse(bodyOfRawResponse(proxy.droppedResponse ?? '[]')) as { result?: { data: PlacedOrder } }[];
    expect(original?.result?.data).toBeDefined();
    expect(placed).toEqual(original?.result?.data);
    expect(placed).toMatchObject({ status: 'authorised', totalCents: 5000 });
  });

  it('leaves exactly one order for the buyer, the one the client received, and takes the stock once', async () => {
    const orders = await ordersOf(database.current, buyer.userId);
    expect(orders.map((order) => ({ id: order.id, paymentId: order.paymentId }))).toEqual([{ id: placed.id, paymentId: placed.paymentId }]);
    expect(await stockOf(database.current, productId)).toBe(18);
  });

  it('charged the buyer exactly once, with the charge the order records', () => {
    expect(gp.payments.captures.map((capture) => ({ authorisationId: capture.authorisationId, amountCents: capture.amountCents }))).toEqual(
      [{ authorisationId: placed.paymentId, amountCents: 5000 }],
    );
  });
});
