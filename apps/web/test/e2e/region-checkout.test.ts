// A German shopper end to end in Debian's Chromium against the whole embedded platform: picks the
// EU region in the header, sees euros written the German way with VAT included, ships to Germany
// by express, applies a coupon, sees the discount in the summary and pays; the order is in euros.
// A British shopper collects the order at the UK's click and collect, giving no street address.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { launchBrowser, screenshot } from './browser';
import { apiToken, buildWebApp, type Platform, startPlatform } from './platform';

vi.setConfig({ testTimeout: 120_000 });

let platform: Platform;
let browser: Browser;
let page: Page;
const EURO = /\d+,\d{2}\s€/;

/** A product of the demo catalog in stock and priced in the currency, found through the API. */
async function productIn(currency: string): Promise<{ slug: string; title: string; amount: number }> {
  const listing = (await (
    await fetch(
      `${platform.baseUrl}/api/v1/products?category=kitchen&inStock=true&currency=${currency}&limit=20`,
    )
  ).json()) as {
    items: { slug: string; title: string; price: { amount: number } | null; inStock: boolean }[];
  };
  const item = listing.items.find((i) => i.price && i.inStock);
  if (!item) throw new Error(`the demo catalog has no kitchen product priced in ${currency} and in stock`);
  return { slug: item.slug, title: item.title, amount: item.price!.amount };
}

beforeAll(async () => {
  await buildWebApp();
  platform = await startPlatform();
  browser = await launchBrowser();
  page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE' })
  ).newPage();
  // A 10 % coupon, made by the shop's admin through the API.
  const token = await apiToken(platform.baseUrl, platform.admin);
  const made = await fetch(`${platform.baseUrl}/api/v1/admin/promotions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Willkommen', kind: 'percentage', code: 'WILLKOMMEN10', percent: '10' }),
  });
  if (made.status !== 201) throw new Error(`the coupon was not made: ${made.status} ${await made.text()}`);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 60_000);

describe('a German shopper', () => {
  test('switches to the EU region, checks out by express with a coupon and pays in euros', async () => {
    const wanted = await productIn('EUR');
    await page.goto(`${platform.baseUrl}/p/${wanted.slug}`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1, name: wanted.title }).isVisible())
      .toBe(true);
    expect(await page.locator('.product-price').textContent()).toMatch(/^\$/);

    await page.getByRole('combobox', { name: 'Region' }).selectOption('eu');
    await expect.poll(() => page.locator('.product-price').textContent()).toMatch(EURO);
    expect(await page.getByText(/prices in EUR, VAT included/).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => page.getByText(/to your cart\./).isVisible()).toBe(true);

    await page.getByRole('link', { name: /^Cart/ }).click();
    await expect.poll(() => page.locator('.cart-line .price').first().textContent()).toMatch(EURO);
    await page.getByRole('button', { name: 'Check out' }).click();
    await page.waitForURL(/\/checkout/);
    await page.getByLabel('E-mail').fill(`kundin-${Date.now()}@example.com`);
    await page.getByLabel('Full name').fill('Erika Mustermann');
    await page.getByLabel('Street and number').fill('Heidestraße 17');
    await page.getByLabel('City').fill('Köln');
    await page.getByLabel('Postal code').fill('51147');
    await page.getByLabel('Country').selectOption('DE');
    await page.getByRole('radio', { name: 'Express' }).check();
    const totals = page.getByTestId('checkout-totals');
    await expect.poll(() => totals.textContent()).toMatch(/Included VAT/);
    expect(await page.getByTestId('checkout-total').textContent()).toMatch(EURO);

    await page.getByLabel('Coupon code (optional)').fill('willkommen10');
    await page.getByRole('button', { name: 'Apply coupon' }).click();
    await expect.poll(() => page.getByTestId('checkout-discount').isVisible()).toBe(true);
    expect(await page.getByTestId('checkout-discount').textContent()).toMatch(EURO);
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel('Expiry (MM/YY)').fill('12/39');
    await page.getByLabel('Security code').fill('123');
    await screenshot(page, 'checkout-germany', { readme: true });
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]+\?placed=1/, { timeout: 30_000 });
    await expect
      .poll(() => page.getByText('your order is confirmed').isVisible(), { timeout: 20_000 })
      .toBe(true);

    const orderId = /\/orders\/([0-9a-f-]+)/.exec(page.url())![1]!;
    const order = (await (await fetch(`${platform.baseUrl}/api/v1/orders/${orderId}`)).json()) as {
      totals: { subtotal: { amount: number; currency: string }; discount?: { amount: number } };
    };
    expect(order.totals.subtotal).toEqual({ amount: wanted.amount, currency: 'EUR' });
    expect(order.totals.discount?.amount).toBe(Math.round(wanted.amount / 10));
  });
});

describe('a British shopper', () => {
  test('collects the order at the UK click and collect without giving a street address', async () => {
    const wanted = await productIn('GBP');
    const shopper = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })
    ).newPage();
    await shopper.goto(`${platform.baseUrl}/p/${wanted.slug}`);
    await expect
      .poll(() => shopper.getByRole('heading', { level: 1, name: wanted.title }).isVisible())
      .toBe(true);
    await shopper.getByRole('combobox', { name: 'Region' }).selectOption('uk');
    await expect.poll(() => shopper.locator('.product-price').textContent()).toMatch(/£/);
    await shopper.getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => shopper.getByText(/to your cart\./).isVisible()).toBe(true);

    await shopper.getByRole('link', { name: /^Cart/ }).click();
    await shopper.getByRole('button', { name: 'Check out' }).click();
    await shopper.waitForURL(/\/checkout/);
    await shopper.getByLabel('E-mail').fill(`shopper-${Date.now()}@example.com`);
    await shopper.getByLabel('Full name').fill('Tom Atkins');
    await shopper.getByLabel('Country').selectOption('GB');
    await shopper.getByRole('radio', { name: 'Pickup: Click and collect' }).check();
    await expect.poll(() => shopper.getByLabel('Street and number').count()).toBe(0);
    await expect.poll(() => shopper.getByTestId('checkout-totals').textContent()).toMatch(/Shipping\s*Free/);
    await shopper.getByLabel('Card number').fill('4242 4242 4242 4242');
    await shopper.getByLabel('Expiry (MM/YY)').fill('12/39');
    await shopper.getByLabel('Security code').fill('123');
    await screenshot(shopper, 'checkout-uk-pickup');
    await shopper.getByRole('button', { name: 'Place order' }).click();
    await shopper.waitForURL(/\/orders\/[0-9a-f-]+\?placed=1/, { timeout: 30_000 });
    await expect
      .poll(() => shopper.getByTestId('order-pickup').textContent(), { timeout: 20_000 })
      .toBe('Pickup at Click and collect, by Tom Atkins (GB)');
    await screenshot(shopper, 'order-uk-pickup');

    const orderId = /\/orders\/([0-9a-f-]+)/.exec(shopper.url())![1]!;
    const order = (await (await fetch(`${platform.baseUrl}/api/v1/orders/${orderId}`)).json()) as {
      shippingMethod: string;
      shippingName?: string;
      shippingAddress: Record<string, unknown>;
      totals: { shipping: { amount: number; currency: string } };
    };
    expect(order.shippingMethod).toBe('pickup');
    expect(order.shippingName).toBe('Click and collect');
    expect(order.shippingAddress).not.toHaveProperty('line1');
    expect(order.totals.shipping).toEqual({ amount: 0, currency: 'GBP' });
  });
});
