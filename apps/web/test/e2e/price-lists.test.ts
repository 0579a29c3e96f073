// Price lists end to end in Debian's Chromium against the whole embedded platform: the admin, in
// the admin pages, makes a customer group, adds a shopper who signed up, and gives the group an
// active sale price list for one product's SKU with a lower price from 3 units. The signed-in
// shopper sees the struck catalog price, "your price" and the 3-unit tier on the product page, the
// tier price on the cart line, and checkout charges it; a signed-out visitor sees the catalog price.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { launchBrowser, screenshot } from './browser';
import { buildWebApp, type Platform, startPlatform } from './platform';

vi.setConfig({ testTimeout: 180_000 });

let platform: Platform;
let browser: Browser;
let shopper: Page;
const shopperEmail = `member-${Date.now()}@example.com`;
const shopperPassword = 'a long member password 42';
let shopperId: string;

const usd = (amount: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(amount / 100);

interface Wanted {
  slug: string;
  /** The product page of the variant. */
  path: string;
  sku: string;
  /** The catalog price in USD cents. */
  catalog: number;
  /** The group's price for one unit, and from 3 units on. */
  member: number;
  tier: number;
}
let wanted: Wanted;

/** A kitchen product's variant in stock (at least 3) and priced in USD, found through the API. */
async function productToDiscount(): Promise<Wanted> {
  const listing = (await (
    await fetch(`${platform.baseUrl}/api/v1/products?category=kitchen&inStock=true&currency=USD&limit=50`)
  ).json()) as { items: { slug: string }[] };
  for (const { slug } of listing.items) {
    const product = (await (
      await fetch(`${platform.baseUrl}/api/v1/products/${slug}?currency=USD`)
    ).json()) as {
      title: string;
      variants: { sku: string; price: { amount: number; currency: string } | null; available: number }[];
    };
    const variant = product.variants.find((v) => v.price && v.available >= 3);
    if (!variant?.price) continue;
    const catalog = variant.price.amount;
    return {
      slug,
      path: `/p/${slug}?sku=${encodeURIComponent(variant.sku)}`,
      sku: variant.sku,
      catalog,
      member: Math.round(catalog * 0.8),
      tier: Math.round(catalog * 0.7),
    };
  }
  throw new Error('the demo catalog has no kitchen product in USD with 3 in stock');
}

beforeAll(async () => {
  await buildWebApp();
  platform = await startPlatform();
  browser = await launchBrowser();
  shopper = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
  ).newPage();
  wanted = await productToDiscount();
}, 420_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 60_000);

describe('a customer group’s price list', () => {
  test('a shopper signs up', async () => {
    await shopper.goto(`${platform.baseUrl}/signup`);
    await shopper.getByRole('heading', { name: 'Create an account' }).waitFor({ timeout: 30_000 });
    await shopper.getByLabel('E-mail').fill(shopperEmail);
    await shopper.getByLabel('Password').fill(shopperPassword);
    await shopper.getByRole('button', { name: 'Create account' }).click();
    await shopper.waitForURL(/\/account\?welcome=1/);
    // The admin adds members by user id, which the admin pages do not look up by e-mail.
    const login = await fetch(`${platform.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: shopperEmail, password: shopperPassword }),
    });
    expect(login.status).toBe(200);
    shopperId = ((await login.json()) as { user: { id: string } }).user.id;
  });

  test('the admin makes a group with the shopper and a price list for it', async () => {
    const admin = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await admin.goto(`${platform.baseUrl}/signin?next=/admin`);
    await admin.getByLabel('E-mail').fill(platform.admin.email);
    await admin.getByLabel('Password').fill(platform.admin.password);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.waitForURL(/\/admin\/orders/);

    await admin.getByRole('link', { name: 'Customer groups' }).click();
    const newGroup = admin.getByRole('form', { name: 'New customer group' });
    await newGroup.getByLabel('Name').fill('Trade');
    await newGroup.getByRole('button', { name: 'Create group' }).click();
    await admin.getByRole('button', { name: 'Members of Trade' }).click();
    const addMember = admin.getByRole('form', { name: 'Add a member' });
    await addMember.getByLabel('Customer user id').fill(shopperId);
    await addMember.getByRole('button', { name: 'Add member' }).click();
    await expect
      .poll(() => admin.getByRole('list', { name: 'Members' }).getByText(shopperId).isVisible())
      .toBe(true);

    await admin.getByRole('link', { name: 'Price lists' }).click();
    const newList = admin.getByRole('form', { name: 'New price list' });
    await newList.getByLabel('Name').fill('Trade prices');
    await newList.getByLabel('Type').selectOption('sale');
    await newList.getByLabel('Status').selectOption('active');
    await newList.getByRole('checkbox', { name: 'Trade' }).check();
    await newList.getByRole('button', { name: 'Create price list' }).click();
    await admin.getByRole('button', { name: 'Edit prices of Trade prices' }).click();
    const prices = admin.getByRole('form', { name: 'Prices' });
    for (const [row, amount, from] of [
      [1, wanted.member, 1],
      [2, wanted.tier, 3],
    ] as const) {
      await prices.getByRole('button', { name: 'Add a price' }).click();
      await prices.getByLabel(`SKU ${row}`, { exact: true }).fill(wanted.sku);
      await prices.getByLabel(`Currency ${row}`, { exact: true }).selectOption('USD');
      await prices.getByLabel(`Price ${row}`, { exact: true }).fill((amount / 100).toFixed(2));
      await prices.getByLabel(`From units ${row}`, { exact: true }).fill(String(from));
    }
    await prices.getByRole('button', { name: 'Save prices' }).click();
    // The list's row: Trade prices | Sale | Trade | (when) | 2 prices | Active.
    const row = admin.getByRole('table', { name: 'Price lists' }).getByRole('row', { name: /Trade prices/ });
    await expect.poll(() => row.locator('td').nth(4).textContent()).toBe('2');
    expect(await row.locator('td').nth(2).textContent()).toBe('Trade');
    await screenshot(admin, 'admin-price-list');
  });

  test('the member sees the struck catalog price, their price and the 3-unit tier', async () => {
    await shopper.goto(`${platform.baseUrl}${wanted.path}`);
    const price = shopper.locator('.product-price');
    await expect
      .poll(() => price.getByText(/^Your price/).textContent())
      .toBe(`Your price ${usd(wanted.member)}`);
    expect(await price.locator('s').textContent()).toBe(usd(wanted.catalog));
    expect(await price.getByRole('list', { name: 'Prices by quantity' }).textContent()).toBe(
      `From 3 units: ${usd(wanted.tier)} each`,
    );
    await screenshot(shopper, 'price-list-product');

    await shopper.getByRole('spinbutton', { name: 'Quantity' }).fill('3');
    await shopper.getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => shopper.getByText(/to your cart\./).isVisible()).toBe(true);
  });

  test('the cart line and checkout charge the tier price', async () => {
    await shopper.getByRole('link', { name: /^Cart/ }).click();
    const line = shopper.locator(`.cart-line[data-sku="${wanted.sku}"]`);
    await expect
      .poll(() => line.getByText(/^Your price/).textContent())
      .toBe(`Your price ${usd(wanted.tier)}`);
    expect(await line.locator('s').textContent()).toBe(usd(wanted.catalog));
    expect(await line.locator('.cart-line-controls > .price').textContent()).toBe(
      `Line total ${usd(3 * wanted.tier)}`,
    );
    expect(await shopper.locator('dd.summary-total').textContent()).toBe(usd(3 * wanted.tier));
    await screenshot(shopper, 'price-list-cart');

    await shopper.getByRole('button', { name: 'Check out' }).click();
    await shopper.waitForURL(/\/checkout/);
    await shopper.getByLabel('Country').selectOption('US');
    const totals = shopper.getByTestId('checkout-totals');
    await expect.poll(() => totals.textContent()).toContain(`Subtotal${usd(3 * wanted.tier)}`);
    // The summary's line at the tier price too, against the struck catalog price (a sale list).
    const summaryLine = shopper.locator('.summary-lines li', { hasText: `3 × ` });
    expect(await summaryLine.locator('s').textContent()).toBe(usd(3 * wanted.catalog));
    expect(await summaryLine.textContent()).toContain(
      `Was ${usd(3 * wanted.catalog)} ${usd(3 * wanted.tier)}`,
    );
    // Filled once the page has settled: the signed-in shopper's form is set up as it loads.
    await shopper.getByLabel('Full name').fill('Trade Member');
    await shopper.getByLabel('Street and number').fill('1 Harbour Road');
    await shopper.getByLabel('City').fill('Springfield');
    await shopper.getByLabel('Postal code').fill('12345');
    const shownTotal = await shopper.getByTestId('checkout-total').textContent();
    await shopper.getByLabel('Card number').fill('4242 4242 4242 4242');
    await shopper.getByLabel('Expiry (MM/YY)').fill('12/39');
    await shopper.getByLabel('Security code').fill('123');
    await screenshot(shopper, 'price-list-checkout');
    await shopper.getByRole('button', { name: 'Place order' }).click();
    await shopper.waitForURL(/\/orders\/[0-9a-f-]+\?placed=1/, { timeout: 30_000 });

    const orderId = /\/orders\/([0-9a-f-]+)/.exec(shopper.url())![1]!;
    const login = await fetch(`${platform.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: shopperEmail, password: shopperPassword }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const order = (await (
      await fetch(`${platform.baseUrl}/api/v1/orders/${orderId}`, {
        headers: { authorization: `Bearer ${accessToken}` },
      })
    ).json()) as { totals: { subtotal: { amount: number }; total: { amount: number } } };
    expect(order.totals.subtotal.amount).toBe(3 * wanted.tier);
    expect(usd(order.totals.total.amount)).toBe(shownTotal);
  });

  test('a signed-out visitor sees the catalog price', async () => {
    const visitor = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
    ).newPage();
    // The page shows the catalog price until the prices answer, so wait for that answer.
    const answered = visitor.waitForResponse((response) => response.url().includes('/api/v1/prices?'));
    await visitor.goto(`${platform.baseUrl}${wanted.path}`);
    expect((await answered).status()).toBe(200);
    const price = visitor.locator('.product-price');
    await expect.poll(() => price.textContent()).toBe(usd(wanted.catalog));
    expect(await price.locator('s').count()).toBe(0);
    expect(await price.getByText(/Your price/).count()).toBe(0);
  });
});
