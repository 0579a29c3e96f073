// The shop end to end in Debian's Chromium against the whole embedded platform: a shopper signs
// up, finds products by search and by filter, buys two variants, sees the confirmation and the
// notification; a declined card leaves the cart as it was; a guest who never signs in buys and
// comes back to the order by its address; the buyer reviews what they bought and reads the shop's
// pages from the footer; an admin adds a product the shop then finds, ships the shopper's order,
// whose new status the shopper sees, hides the review and edits a content page; a guest whose
// order was delivered asks to exchange it for another size.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { criticalAccessibilityViolations, launchBrowser, screenshot } from './browser';
import { apiToken, buildWebApp, type Platform, startPlatform, waitForMail } from './platform';

interface Variant {
  sku: string;
  title: string;
  available: number;
  options: Record<string, string>;
}

// Each step drives a browser against a real checkout saga: generous, but bounded.
vi.setConfig({ testTimeout: 90_000 });

let platform: Platform;
let browser: Browser;
let shopper: BrowserContext;
let page: Page;
let adminToken: string;
const shopperEmail = `shopper-${Date.now()}@example.com`;
const shopperPassword = 'velvet harbour lantern 2931';
let orderId = '';
/** The product the shopper bought: theirs to review. */
let boughtSlug = '';

async function fillAddressAndCard(checkout: Page, card: string) {
  await checkout.getByLabel('Full name').fill('Ada Shopper');
  await checkout.getByLabel('Street and number').fill('1 Harbour Road');
  await checkout.getByLabel('City').fill('Springfield');
  await checkout.getByLabel('Postal code').fill('12345');
  await checkout.getByLabel('Country').selectOption('US');
  await checkout.getByLabel('Card number').fill(card);
  await checkout.getByLabel('Expiry (MM/YY)').fill('12/39');
  await checkout.getByLabel('Security code').fill('123');
}

/** A black apparel product with at least two variants in stock, found through the API. */
async function productWithTwoVariants(): Promise<{ slug: string; title: string; variants: Variant[] }> {
  const listing = (await (
    await fetch(
      `${platform.baseUrl}/api/v1/products?category=apparel&attr.colour=black&inStock=true&limit=50`,
    )
  ).json()) as { items: { slug: string }[] };
  for (const { slug } of listing.items) {
    const product = (await (await fetch(`${platform.baseUrl}/api/v1/products/${slug}`)).json()) as {
      slug: string;
      title: string;
      variants: Variant[];
    };
    const inStock = product.variants.filter((v) => v.available > 2);
    if (inStock.length >= 2 && Object.keys(inStock[0]!.options).length === 1)
      return { ...product, variants: inStock };
  }
  throw new Error('the demo catalog has no black apparel product with two variants in stock');
}

beforeAll(async () => {
  await buildWebApp();
  platform = await startPlatform();
  browser = await launchBrowser();
  shopper = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await shopper.newPage();
  adminToken = await apiToken(platform.baseUrl, platform.admin);
}, 480_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 60_000);

describe('the storefront', () => {
  test('a new shopper signs up and confirms the e-mail address from the verification mail', async () => {
    await page.goto(`${platform.baseUrl}/`);
    await expect.poll(() => page.getByRole('heading', { name: /New in Apparel/ }).isVisible()).toBe(true);
    await screenshot(page, 'home', { readme: true });
    expect(await criticalAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Create an account' }).click();
    // The sign-up page is loaded lazily: until it shows, `Password` is still the sign-in form's field.
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByText('Enter your e-mail address.').isVisible()).toBe(true);
    expect(await page.getByText('Use at least 12 characters.').isVisible()).toBe(true);

    await page.getByLabel('E-mail').fill(shopperEmail);
    await page.getByLabel('Password').fill(shopperPassword);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/account\?welcome=1/);

    const mail = await waitForMail(platform.baseUrl, adminToken, shopperEmail, /confirm|verif/i);
    const link = /https?:\/\/[^\s"'<>]*\/verify-email\?token=[^\s"'<>]+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();

    await page.goto(`${platform.baseUrl}${new URL(link!).pathname}${new URL(link!).search}`);
    await expect
      .poll(
        () => page.locator('.notice-success', { hasText: 'Your e-mail address is confirmed' }).isVisible(),
        // The first page a fresh platform renders: lazily loaded code, a cold service behind it.
        { timeout: 30_000 },
      )
      .toBe(true);
  });

  test('finds a product by search as you type and by category filter', async () => {
    const wanted = await productWithTwoVariants();
    const search = page.getByRole('combobox', { name: 'Search products' });
    await search.fill(wanted.title);
    await expect
      .poll(() =>
        page
          .getByRole('option', { name: new RegExp(wanted.title) })
          .first()
          .isVisible(),
      )
      .toBe(true);
    await search.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    await expect
      .poll(() =>
        page
          .getByRole('link', { name: new RegExp(wanted.title) })
          .first()
          .isVisible(),
      )
      .toBe(true);

    await page.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: 'Apparel' }).click();
    await page.waitForURL(/\/c\/apparel/);
    await page.getByRole('checkbox', { name: /^black/i }).click();
    await page.waitForURL(/attr\.colour=black/);
    await page.getByRole('checkbox', { name: /^in stock only/i }).click();
    await page.waitForURL(/inStock=1/);
    await expect.poll(() => page.locator(`a[href="/p/${wanted.slug}"]`).isVisible()).toBe(true);
    await page.locator(`a[href="/p/${wanted.slug}"]`).click();
    await page.waitForURL(new RegExp(`/p/${wanted.slug}`));
    await expect
      .poll(() => page.getByRole('heading', { level: 1, name: wanted.title }).isVisible())
      .toBe(true);
  });

  test('adds two variants to the cart and pays with a success card', async () => {
    const wanted = await productWithTwoVariants();
    boughtSlug = wanted.slug;
    const [first, second] = wanted.variants;
    for (const variant of [first!, second!]) {
      await page.getByRole('radio', { name: new RegExp(`^${Object.values(variant.options)[0]}$`) }).check();
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await expect.poll(() => page.getByText(/to your cart\./).textContent()).toContain(`(${variant.title})`);
    }
    await screenshot(page, 'product', { readme: true });
    expect(await criticalAccessibilityViolations(page)).toEqual([]);
    expect(await page.getByRole('link', { name: /^Cart, 2 items/ }).isVisible()).toBe(true);

    await page.getByRole('link', { name: /^Cart/ }).click();
    await expect.poll(() => page.locator('.cart-line').count()).toBe(2);
    await screenshot(page, 'cart');

    await page.getByRole('button', { name: 'Check out' }).click();
    await page.waitForURL(/\/checkout/);
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect.poll(() => page.getByText('Enter the card number.').isVisible()).toBe(true);
    await fillAddressAndCard(page, '4242 4242 4242 4242');
    await screenshot(page, 'checkout');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]+\?placed=1/, { timeout: 30_000 });
    orderId = /\/orders\/([0-9a-f-]+)/.exec(page.url())![1]!;
    await expect
      .poll(() => page.getByText('your order is confirmed').isVisible(), { timeout: 15_000 })
      .toBe(true);
    expect(await page.getByRole('link', { name: /^Cart, 0 items/ }).isVisible()).toBe(true);
    await screenshot(page, 'order-detail');
  });

  test('the order confirmation arrives by e-mail and live in the notification bell', async () => {
    const receipt = await waitForMail(platform.baseUrl, adminToken, shopperEmail, /order/i);
    expect(receipt.text).toMatch(/Ada Shopper|1 Harbour Road/);
    await expect.poll(() => page.getByTestId('unread-count').isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByRole('button', { name: /^Notifications, \d+ unread/ }).click();
    await expect.poll(() => page.locator('.bell-panel').getByText(/order/i).first().isVisible()).toBe(true);
    await page.keyboard.press('Escape');
  });

  test('a declined card shows a readable error and leaves the cart intact', async () => {
    const wanted = await productWithTwoVariants();
    await page.goto(`${platform.baseUrl}/p/${wanted.slug}`);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => page.getByText(/to your cart\./).isVisible()).toBe(true);
    await page.goto(`${platform.baseUrl}/checkout`);
    await fillAddressAndCard(page, '4000 0000 0000 0002');
    await page.getByRole('button', { name: 'Place order' }).click();
    const error = page.getByTestId('checkout-error');
    await expect.poll(() => error.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await error.textContent()).toMatch(/declined/i);
    expect(await error.textContent()).toMatch(/not charged/i);
    expect(page.url()).toMatch(/\/checkout$/);

    await page.getByRole('link', { name: /^Cart, 1 item/ }).click();
    await expect.poll(() => page.locator('.cart-line').count()).toBe(1);
  });

  test('a guest who never signs in checks out with an e-mail address and sees the confirmed order', async () => {
    const guest = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const shop = await guest.newPage();
      const wanted = await productWithTwoVariants();
      await shop.goto(`${platform.baseUrl}/p/${wanted.slug}`);
      await shop.getByRole('button', { name: 'Add to cart' }).click();
      await expect.poll(() => shop.getByText(/to your cart\./).isVisible()).toBe(true);
      expect(await shop.getByRole('banner').getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true);

      await shop.getByRole('link', { name: /^Cart, 1 item/ }).click();
      await expect.poll(() => shop.locator('.cart-line').count()).toBe(1);
      await shop.getByRole('button', { name: 'Check out' }).click();
      await shop.waitForURL(/\/checkout/);
      const guestEmail = `guest-${Date.now()}@example.com`;
      await shop.getByLabel('E-mail').fill(guestEmail);
      await fillAddressAndCard(shop, '4242 4242 4242 4242');
      await shop.getByRole('button', { name: 'Place order' }).click();
      await shop.waitForURL(/\/orders\/[0-9a-f-]+\?placed=1/, { timeout: 30_000 });
      await expect
        .poll(() => shop.getByText('your order is confirmed').isVisible(), { timeout: 15_000 })
        .toBe(true);
      expect(await shop.getByText(`A receipt is on its way to ${guestEmail}`).isVisible()).toBe(true);
      expect(await shop.getByRole('link', { name: /^Cart, 0 items/ }).isVisible()).toBe(true);
      await screenshot(shop, 'guest-order');
      expect(await criticalAccessibilityViolations(shop)).toEqual([]);

      // The order's address is the guest's way back to it.
      const guestOrderId = /\/orders\/([0-9a-f-]+)/.exec(shop.url())![1]!;
      await shop.goto(`${platform.baseUrl}/orders/${guestOrderId}`);
      await expect
        .poll(() => shop.getByRole('heading', { level: 1, name: /^Order / }).isVisible(), { timeout: 15_000 })
        .toBe(true);
      expect(await shop.locator('.badge', { hasText: 'Confirmed' }).first().isVisible()).toBe(true);
      expect(await shop.getByText(`Receipt sent to ${guestEmail}`).isVisible()).toBe(true);
    } finally {
      await guest.close();
    }
  });
});

describe('after the sale', () => {
  test('a guest exchanges a delivered item for another size on the order page', async () => {
    const guest = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const shop = await guest.newPage();
      const wanted = await productWithTwoVariants();
      const [kept, replacement] = wanted.variants as [Variant, Variant];
      await shop.goto(`${platform.baseUrl}/p/${wanted.slug}`);
      await shop.getByRole('radio', { name: new RegExp(`^${Object.values(kept.options)[0]}$`) }).check();
      await shop.getByRole('button', { name: 'Add to cart' }).click();
      await expect.poll(() => shop.getByText(/to your cart\./).isVisible()).toBe(true);
      await shop.getByRole('link', { name: /^Cart, 1 item/ }).click();
      await shop.getByRole('button', { name: 'Check out' }).click();
      await shop.waitForURL(/\/checkout/);
      await shop.getByLabel('E-mail').fill(`exchange-${Date.now()}@example.com`);
      await fillAddressAndCard(shop, '4242 4242 4242 4242');
      await shop.getByRole('button', { name: 'Place order' }).click();
      await shop.waitForURL(/\/orders\/[0-9a-f-]+\?placed=1/, { timeout: 30_000 });
      await expect
        .poll(() => shop.getByText('your order is confirmed').isVisible(), { timeout: 15_000 })
        .toBe(true);
      const guestOrderId = /\/orders\/([0-9a-f-]+)/.exec(shop.url())![1]!;

      // The shop ships and delivers it.
      for (const step of ['ship', 'deliver']) {
        const answer = await fetch(`${platform.baseUrl}/api/v1/admin/orders/${guestOrderId}/${step}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
          body: '{}',
        });
        expect(answer.status, `${step}: ${await answer.text()}`).toBe(200);
      }

      await shop.goto(`${platform.baseUrl}/orders/${guestOrderId}`);
      const form = shop.getByRole('form', { name: 'Exchange an item' });
      await expect.poll(() => form.isVisible(), { timeout: 15_000 }).toBe(true);
      await form.getByLabel('Item to exchange').selectOption(kept.sku);
      await form.getByLabel('Instead').selectOption(replacement.sku);
      await expect.poll(() => form.getByRole('status').textContent()).toMatch(/^Difference: /);
      const card = form.getByLabel('Card for the difference');
      if (await card.isVisible()) await card.fill('4242 4242 4242 4242');
      await form.getByLabel('Why').fill('Wrong size');
      await form.getByRole('button', { name: 'Request exchange' }).click();
      const listed = shop.getByRole('listitem', { name: 'Exchange 1' });
      await expect.poll(() => listed.isVisible(), { timeout: 15_000 }).toBe(true);
      expect(await listed.textContent()).toContain(
        `In exchange for: 1 × ${wanted.title} – ${replacement.title}`,
      );
      await screenshot(shop, 'exchange-requested');
      expect(await criticalAccessibilityViolations(shop)).toEqual([]);
    } finally {
      await guest.close();
    }
  });
});

describe('reviews and content pages', () => {
  test('the buyer reviews the product they bought, and its page and card show the stars', async () => {
    const title = `Holds up well ${Date.now().toString(36)}`;
    // The purchase reaches the product service as an order event: until it has, no form.
    const form = page.getByRole('heading', { name: 'Write a review' });
    await expect
      .poll(
        async () => {
          await page.goto(`${platform.baseUrl}/p/${boughtSlug}`);
          return form.waitFor({ timeout: 5_000 }).then(
            () => true,
            () => false,
          );
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    await page.getByRole('button', { name: 'Publish review' }).click();
    await expect.poll(() => page.getByText('Choose from one to five stars.').isVisible()).toBe(true);
    // The radio is visually hidden behind its star: a shopper clicks the star, as here.
    await page.locator('label').filter({ hasText: '4 stars, Very good' }).click();
    expect(await page.getByLabel('4 stars, Very good').isChecked()).toBe(true);
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Your review').fill('Soft, warm and it kept its shape after many washes.');
    await page.getByLabel('Name shown (optional)').fill('Ada S.');
    await page.getByRole('button', { name: 'Publish review' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: title }).isVisible(), { timeout: 15_000 })
      .toBe(true);
    // The list and the shopper's own review status are separate reads: each settles in its turn.
    await expect.poll(() => page.getByText('You reviewed this product.').isVisible()).toBe(true);
    await expect.poll(() => page.locator('.review-summary').textContent()).toContain('4.0 (1)');
    await screenshot(page, 'product-reviews');
    expect(await criticalAccessibilityViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'product-reviews-phone', { readme: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    const product = (await (await fetch(`${platform.baseUrl}/api/v1/products/${boughtSlug}`)).json()) as {
      title: string;
    };
    const card = page.locator(`.product-card:has(a[href="/p/${boughtSlug}"])`);
    await expect
      .poll(
        async () => {
          await page.goto(`${platform.baseUrl}/search?q=${encodeURIComponent(product.title)}`);
          await card.first().waitFor({ timeout: 5_000 });
          return card.first().textContent();
        },
        { timeout: 30_000 },
      )
      .toContain('4.0 (1)');
  });

  test('the footer leads to the shop pages, rendered from their Markdown', async () => {
    await page.goto(`${platform.baseUrl}/`);
    const footer = page.locator('footer');
    await expect.poll(() => footer.getByRole('link', { name: 'Shipping' }).isVisible()).toBe(true);
    for (const name of [
      'About Emporium',
      'Contact us',
      'Returns and refunds',
      'Terms and conditions',
      'Privacy policy',
    ]) {
      await expect.poll(() => footer.getByRole('link', { name }).isVisible()).toBe(true);
    }
    await footer.getByRole('link', { name: 'Shipping' }).click();
    await page.waitForURL(/\/pages\/shipping$/);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Shipping' }).isVisible()).toBe(true);
    expect(await page.locator('.prose table').isVisible()).toBe(true);
    await screenshot(page, 'content-page');
    expect(await criticalAccessibilityViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'content-page-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});

describe('the admin pages', () => {
  let admin: Page;

  beforeAll(async () => {
    admin = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await admin.goto(`${platform.baseUrl}/signin?next=/admin`);
    await admin.getByLabel('E-mail').fill(platform.admin.email);
    await admin.getByLabel('Password').fill(platform.admin.password);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.waitForURL(/\/admin\/orders/);
  }, 60_000);

  test('an admin creates a product and uploads its picture; the storefront search finds and shows it', async () => {
    const title = `Aurora Lantern ${Date.now().toString(36)}`;
    await admin.getByRole('link', { name: 'Products' }).click();
    await admin.getByRole('link', { name: 'New product' }).click();
    await admin.getByLabel('Title').fill(title);
    await admin.getByLabel('Brand').fill('Northwind');
    await admin.getByLabel('Category').selectOption('camping');
    await admin.getByLabel('Attributes (one name=value per line)').fill('colour=amber');
    await admin.getByLabel('SKU').fill(`LAN-${Date.now().toString(36)}`.toUpperCase());
    await admin.getByLabel('Variant name').fill('One size');
    await admin.getByLabel('Options (name=value, …)').fill('size=one');
    await admin.getByLabel('Price (USD)').fill('39.50');
    await admin.getByLabel('Initial stock').fill('12');
    await admin.getByRole('button', { name: 'Create product' }).click();
    await admin.waitForURL(/\/admin\/products\/[\w-]+$/);
    await expect.poll(() => admin.getByText('View in the shop').isVisible()).toBe(true);
    // A real picture through the admin's upload form: the product service sniffs it, renders its
    // sizes once, and the storefront's card shows one of them by URL.
    const drawn = await admin.evaluate(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 900;
      canvas.height = 900;
      const pen = canvas.getContext('2d')!;
      pen.fillStyle = '#c47f2c';
      pen.fillRect(0, 0, 900, 900);
      pen.fillStyle = '#f6e7c8';
      pen.beginPath();
      pen.arc(450, 450, 250, 0, Math.PI * 2);
      pen.fill();
      return canvas.toDataURL('image/png');
    });
    const picture = Buffer.from(drawn.slice(drawn.indexOf(',') + 1), 'base64');
    await admin
      .getByLabel('Picture', { exact: true })
      .setInputFiles({ name: 'lantern.png', mimeType: 'image/png', buffer: picture });
    await admin.getByLabel('Description for people who cannot see it').fill('An amber lantern');
    await admin.getByRole('button', { name: 'Upload picture' }).click();
    await expect.poll(() => admin.getByText('Picture added.').isVisible(), { timeout: 15_000 }).toBe(true);

    await page.goto(`${platform.baseUrl}/search?q=${encodeURIComponent(title)}`);
    await expect
      .poll(
        () =>
          page
            .getByRole('link', { name: new RegExp(title) })
            .first()
            .isVisible(),
        { timeout: 15_000 },
      )
      .toBe(true);
    expect(await page.getByText('$39.50').first().isVisible()).toBe(true);
    const cardPicture = page.locator('.product-card', { hasText: title }).first().locator('img');
    await expect
      .poll(
        async () => {
          if ((await cardPicture.count()) === 0) {
            await page.reload();
            return false;
          }
          await cardPicture.scrollIntoViewIfNeeded();
          return cardPicture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    const source = await cardPicture.evaluate((img: HTMLImageElement) => img.currentSrc);
    expect(source).toMatch(/\/api\/v1\/media\//);
    const served = await page.request.get(source);
    expect(served.status()).toBe(200);
    expect(served.headers()['cache-control']).toContain('immutable');
  });

  test('an admin creates a coupon and offers a new shipping option in the EU region', async () => {
    const code = `E2E${Date.now().toString(36)}`.toUpperCase();
    await admin.getByRole('link', { name: 'Promotions' }).click();
    const form = admin.getByRole('form', { name: 'New promotion' });
    await form.getByLabel('Name').fill('Browser test coupon');
    await form.getByLabel('Coupon code').fill(code);
    await form.getByLabel('Percent off').fill('12.5');
    await form.getByLabel('Usage limit').fill('50');
    await form.getByRole('button', { name: 'Create promotion' }).click();
    const row = admin.getByRole('row', { name: new RegExp(code) });
    await expect.poll(() => row.isVisible()).toBe(true);
    expect(await row.getByText('12.5 % off').isVisible()).toBe(true);
    await screenshot(admin, 'admin-promotions');

    await admin.getByRole('link', { name: 'Regions' }).click();
    await admin.getByRole('link', { name: /Europe/ }).click();
    await expect.poll(() => admin.getByRole('table', { name: 'Tax rates' }).isVisible()).toBe(true);
    const shipping = admin.getByRole('form', { name: 'Add a shipping option' });
    await shipping.getByLabel('Option code').fill(`courier-${Date.now().toString(36)}`);
    await shipping.getByLabel('Option name').fill('Courier');
    await shipping.getByLabel('Pricing').selectOption('weight_bands');
    await shipping.getByLabel('Weight bands').fill('2000=6.90, 30000=19.90');
    await shipping.getByRole('button', { name: 'Add shipping option' }).click();
    const options = admin.getByRole('table', { name: 'Shipping options' });
    await expect.poll(() => options.getByText(/up to 2 kg €6\.90/).isVisible()).toBe(true);
    await screenshot(admin, 'admin-region');
  });

  test('an admin ships the order and the shopper sees the new status', async () => {
    await admin.getByRole('link', { name: 'Orders', exact: true }).click();
    await admin.getByLabel('Customer e-mail').fill(shopperEmail);
    await admin.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => admin.locator('tbody tr').count()).toBeGreaterThan(0);
    await screenshot(admin, 'admin-orders', { readme: true });
    await admin.locator(`a[href="/admin/orders/${orderId}"]`).click();
    // Every line is in the parcel by default: one shipment fulfils the order.
    await admin.getByLabel('Carrier', { exact: true }).fill('DHL');
    await admin.getByLabel('Tracking number (optional)').fill('JD0123456789');
    await admin.getByRole('button', { name: 'Create shipment' }).click();
    await expect.poll(() => admin.getByText('the order is now shipped').isVisible()).toBe(true);

    await page.goto(`${platform.baseUrl}/orders/${orderId}`);
    await expect
      .poll(() => page.getByRole('link', { name: /Track with DHL/ }).isVisible(), { timeout: 15_000 })
      .toBe(true);
    expect(await page.locator('.badge', { hasText: 'Shipped' }).first().isVisible()).toBe(true);
  });

  test('an admin hides the review with a reason, and it leaves the product page', async () => {
    await admin.getByRole('link', { name: 'Reviews' }).click();
    const item = admin.locator('.moderation-item').filter({ hasText: 'Holds up well' }).first();
    await expect.poll(() => item.isVisible()).toBe(true);
    await screenshot(admin, 'admin-reviews');
    await item.getByRole('textbox').fill('Mentions another shop');
    await item.getByRole('button', { name: 'Hide' }).click();
    await expect.poll(() => item.getByText('Mentions another shop').isVisible()).toBe(true);

    await page.goto(`${platform.baseUrl}/p/${boughtSlug}`);
    await expect
      .poll(() => page.getByText('Your review was hidden by the shop: Mentions another shop').isVisible(), {
        timeout: 15_000,
      })
      .toBe(true);
    expect(await page.locator('.review-list .review').count()).toBe(0);
  });

  test('an admin edits a content page and shoppers read the new text', async () => {
    await admin.getByRole('link', { name: 'Pages' }).click();
    await admin.locator('#main').getByRole('link', { name: 'Returns and refunds' }).click();
    const text = admin.getByLabel('Text (Markdown)');
    await expect.poll(() => text.inputValue()).toContain('30 days');
    await text.fill('You have **60 days** to return anything unused.\n\n<script>alert(1)</script>');
    await admin.getByRole('button', { name: 'Save page' }).click();
    await expect.poll(() => admin.getByText('Saved.').isVisible()).toBe(true);
    await screenshot(admin, 'admin-page-editor');

    // Each try loads the page afresh: the gateway may hold the old text for its few seconds.
    await expect
      .poll(
        async () => {
          await page.goto(`${platform.baseUrl}/pages/returns`);
          await page.locator('.prose').waitFor({ timeout: 5_000 });
          return page.locator('.prose').innerHTML();
        },
        { timeout: 30_000 },
      )
      .toContain('<strong>60 days</strong>');
    expect(await page.locator('.prose').textContent()).toContain('<script>alert(1)</script>');
    expect(await page.locator('.prose script').count()).toBe(0);
  });
});
