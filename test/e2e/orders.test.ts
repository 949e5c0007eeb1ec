// Orders in Chromium: a signed-in visitor orders from the catalog and sees the order, its payment authorised, the
// stock goes down; a declined payment is explained, and nothing is taken; an order resent after
// its answer was lost keeps its idempotency key and is placed once.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import type { GatepostUnderTest } from '../helpers/start-gatepost';
import { signUpAndSignIn } from './sign-up';
import { describeInBrowser } from './use-browser-app';

/** The stock the API reports now, by product name. */
async function stockByName(gp: GatepostUnderTest): Promise<Map<string, number>> {
  const products = await gp.client.trpc.catalog.list.query({});
  return new Map(products.map((product) => [product.name, product.stock]));
}

/** Opens the Shop through the app's own navigation and waits for the catalog. */
async function openShop(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Shop' }).click();
  await page.locator('tr[data-product]').first().waitFor();
}

describeInBrowser('orders', (app) => {
  it('signs up, signs in and places an order that takes the stock', async () => {
    await signUpAndSignIn(app.page, app.gp.url, 'Ada Buyer');
    await openShop(app.page);
    const row = app.page.locator('tr[data-product]').first();
    const product = (await row.getAttribute('data-product')) ?? '';
    const before = (await stockByName(app.gp)).get(product) ?? 0;

    await row.getByLabel(`Quantity of ${product}`).fill('2');
    await app.page.getByLabel('Pay with').selectOption('tok_approve');
    await app.page.getByRole('button', { name: 'Place order' }).click();

    await app.page.getByTestId('order-status').filter({ hasText: 'authorised' }).waitFor();
    expect(await app.page.getByRole('status').textContent()).toContain(`2 × ${product}`);
    expect((await stockByName(app.gp)).get(product)).toBe(before - 2);
    await row
      .getByTestId('stock')
      .filter({ hasText: String(before - 2) })
      .waitFor();
    await app.screenshot('order-placed');
  });

  it('shows a declined payment with its message and leaves the stock as it was', async () => {
    await signUpAndSignIn(app.page, app.gp.url, 'Bob Declined');
    await openShop(app.page);
    const row = app.page.locator('tr[data-product]').nth(1);
    const product = (await row.getAttribute('data-product')) ?? '';
    const before = await stockByName(app.gp);

    await row.getByLabel(`Quantity of ${product}`).fill('1');
    await app.page.getByLabel('Pay with').selectOption('tok_decline');
    await app.page.getByRole('button', { name: 'Place order' }).click();

    const declined = app.page.locator('[role="alert"][data-code="PAYMENT_DECLINED"]');
    await declined.waitFor();
    expect(await declined.textContent()).toMatch(/declined/i);
    expect(await declined.textContent()).toContain('No stock was taken');
    expect(await app.page.getByTestId('order-status').count()).toBe(0);
    expect(await stockByName(app.gp)).toEqual(before);
    expect(await row.getByTestId('stock').textContent()).toBe(String(before.get(product)));
    await app.screenshot('order-payment-declined');
  });

  it('takes the stock once when the answer to an order is lost and the order is resent with its key', async () => {
    await signUpAndSignIn(app.page, app.gp.url, 'Lost Answer');
    const keys: (string | null)[] = [];
    await app.page.route('**/trpc/orders.place*', async (route) => {
      keys.push(await route.request().headerValue('idempotency-key'));
      if (keys.length > 1) return route.continue();
      // The server places the order; its answer never reaches the page.
      await route.fetch();
      return route.abort('connectionreset');
    });
    await openShop(app.page);
    const row = app.page.locator('tr[data-product]').nth(2);
    const product = (await row.getAttribute('data-product')) ?? '';
    const before = (await stockByName(app.gp)).get(product) ?? 0;

    await row.getByLabel(`Quantity of ${product}`).fill('3');
    await app.page.getByRole('button', { name: 'Place order' }).click();
    await app.page.getByTestId('order-status').filter({ hasText: 'authorised' }).waitFor();

    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size, `keys sent: ${keys.join(', ')}`).toBe(1);
    expect((await stockByName(app.gp)).get(product)).toBe(before - 3);
    await app.screenshot('order-resent-once');
  });

  it('asks a signed-out visitor to sign in before ordering', async () => {
    await app.page.goto(`${app.gp.url}/shop`);
    await app.page.getByRole('link', { name: 'Sign up or sign in' }).waitFor();
    await app.screenshot('shop-signed-out');
  });
});
