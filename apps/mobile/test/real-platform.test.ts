// The shopper's journey in the app's web build, in Debian's Chromium at a phone's width, against
// the whole embedded platform (apps/web's e2e helper starts it): browse under the brand's
// wordmark, switch to the EU region, see a product's pictures (a variant's own first), add to the
// cart, create an account (the guest cart comes along), have a coupon refused and
// another taken, check out by express to Germany and read the order with its totals. The coupon
// is made by the shop's admin through the API. Screenshots land in apps/mobile/test-results.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { launchBrowser } from '../../web/test/e2e/browser';
import { apiToken, type Platform, startPlatform } from '../../web/test/e2e/platform';
import { exportWebBuild, serveWebBuild, type WebBuild } from './support/web-build';

vi.setConfig({ testTimeout: 180_000 });

const PHONE = { width: 390, height: 844 };
const EURO = /\d+,\d{2}\s€/;
const COUPON = 'MOBIL10';
const screenshots = fileURLToPath(new URL('../test-results/screenshots', import.meta.url));

let platform: Platform;
let build: WebBuild;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

/** The README's picture of the app: retaken by every run, so it shows the current build. */
const readmeScreenshots = fileURLToPath(new URL('../../../docs/screenshots', import.meta.url));

async function screenshot(name: string, options: { readme?: string } = {}) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: `${screenshots}/${name}.png` });
  if (options.readme) {
    mkdirSync(readmeScreenshots, { recursive: true });
    await page.screenshot({ path: `${readmeScreenshots}/${options.readme}.jpg`, type: 'jpeg', quality: 70 });
  }
}

interface Listing {
  items: { slug: string; title: string; price: { amount: number } | null; inStock: boolean }[];
}

/** A product of the demo catalog in stock and priced in EUR, found through the API. */
async function euroProduct() {
  const response = await fetch(
    `${platform.baseUrl}/api/v1/products?category=kitchen&inStock=true&currency=EUR&limit=20`,
  );
  const item = ((await response.json()) as Listing).items.find((i) => i.price && i.inStock);
  if (!item) throw new Error('the demo catalog has no kitchen product priced in EUR and in stock');
  const detail = (await (await fetch(`${platform.baseUrl}/api/v1/products/${item.slug}`)).json()) as {
    media: { alt: string }[];
  };
  return { slug: item.slug, title: item.title, cents: item.price!.amount, pictures: detail.media };
}

interface Detail {
  slug: string;
  title: string;
  media: { id: string; alt: string }[];
  variants: { options: Record<string, string>; available: number; media: { id: string; alt: string }[] }[];
}

/** A demo product with a variant in stock that has a picture of its own (a colour, say). */
async function productWithVariantPicture() {
  const listing = (await (
    await fetch(`${platform.baseUrl}/api/v1/products?category=audio&inStock=true&limit=20`)
  ).json()) as Listing;
  for (const item of listing.items) {
    const detail = (await (await fetch(`${platform.baseUrl}/api/v1/products/${item.slug}`)).json()) as Detail;
    const variant = detail.variants.find((v) => v.available > 0 && v.media.length > 0);
    if (variant && detail.variants.length > 1) return { detail, variant };
  }
  throw new Error('the demo catalog has no audio product whose variant in stock has its own picture');
}

let starting: Promise<Platform> | undefined;

// The platform's first start seeds the catalog (its helper gives up after 6 minutes) while Metro
// bundles the app (about 20 s warm, many minutes cold on a busy machine).
beforeAll(async () => {
  starting = startPlatform();
  const distDir = await exportWebBuild();
  platform = await starting;
  build = await serveWebBuild(distDir, platform.baseUrl);
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true })).newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // A 10 % coupon, made by the shop's admin through the API.
  const token = await apiToken(platform.baseUrl, platform.admin);
  const made = await fetch(`${platform.baseUrl}/api/v1/admin/promotions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Mobile welcome', kind: 'percentage', code: COUPON, percent: '10' }),
  });
  if (made.status !== 201) throw new Error(`the coupon was not made: ${made.status} ${await made.text()}`);
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await build?.close();
  // A start still under way when the hook gave up is waited for, so it is stopped, not orphaned.
  const running = platform ?? (await starting?.catch(() => undefined));
  await running?.stop();
}, 420_000);

describe('a shopper on the phone app', () => {
  test('browses in dollars, switches to the EU and sees euros, also after a restart', async () => {
    await page.goto(build.url);
    const firstCard = page.getByRole('link', { name: /, \$\d+\.\d{2}/ }).first();
    await firstCard.waitFor();
    await page.getByRole('radio', { name: 'European Union (EUR)' }).waitFor();
    // The web storefront's wordmark heads the shop.
    expect(await page.getByRole('img', { name: 'Emporium' }).isVisible()).toBe(true);
    await screenshot('catalog-usd');

    await page.getByRole('radio', { name: 'European Union (EUR)' }).click();
    await expect.poll(() => page.getByRole('link', { name: EURO }).count()).toBeGreaterThan(0);
    expect(await page.getByText('Prices in EUR, VAT included').isVisible()).toBe(true);
    await screenshot('catalog-eur', { readme: 'mobile-catalog' });

    // The choice is kept on the device: a reload starts in euros.
    await page.reload();
    await page.getByRole('link', { name: EURO }).first().waitFor();
    expect(await page.getByRole('radio', { name: 'European Union (EUR)' }).getAttribute('aria-checked')).toBe(
      'true',
    );
  });

  test("shows the chosen variant's own picture first, in a gallery of several", async () => {
    const { detail, variant } = await productWithVariantPicture();
    await page.goto(`${build.url}/product/${detail.slug}`);
    await page.getByRole('heading', { name: detail.title }).waitFor();
    const [option, value] = Object.entries(variant.options)[0]!;
    await page.getByRole('radio', { name: `${option} ${value}`, exact: true }).click();

    const own = page.getByRole('img', { name: variant.media[0]!.alt, exact: true });
    await expect.poll(() => own.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    // The gallery starts at the variant's picture: it is the one on screen.
    const box = await own.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    const count = new Set([...variant.media, ...detail.media].map((image) => image.id)).size;
    expect(await page.getByLabel(`Picture 1 of ${count}`).isVisible()).toBe(true);
    await screenshot('product-variant-picture');
  });

  test('adds a product priced in euros to the cart', async () => {
    const wanted = await euroProduct();
    await page.goto(`${build.url}/product/${wanted.slug}`);
    await page.getByRole('heading', { name: wanted.title }).waitFor();
    expect(
      await page
        .getByLabel(/^Price /)
        .first()
        .textContent(),
    ).toMatch(EURO);
    // The product's uploaded pictures, the first one loaded through the gateway's /media.
    const first = wanted.pictures[0];
    if (!first) throw new Error(`the demo product ${wanted.slug} has no uploaded picture`);
    const picture = page.getByRole('img', { name: first.alt, exact: true }).first();
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    if (wanted.pictures.length > 1) {
      expect(await page.getByLabel(`Picture 1 of ${wanted.pictures.length}`).isVisible()).toBe(true);
    }
    await screenshot('product-pictures');
    await page.getByRole('button', { name: /^Add .* to cart$/ }).click();
    await page.getByText(/to your cart\.$/).waitFor();
    await screenshot('product-eur');

    await page.getByRole('button', { name: 'Go to cart' }).click();
    await page.getByRole('button', { name: 'Checkout' }).waitFor();
    expect(await page.getByLabel(/^Subtotal /).textContent()).toMatch(EURO);
    await screenshot('cart-eur');
  });

  test('creates an account at checkout and keeps the cart', async () => {
    await page.getByRole('button', { name: 'Checkout' }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The sign-in screen opens over checkout, whose fields stay in the page underneath.
    const visible = { visible: true } as const;
    await page.getByRole('tab', { name: 'Create account' }).click();
    const email = `mobil-${Date.now()}@example.com`;
    await page.getByLabel('E-mail').filter(visible).fill(email);
    await page.getByLabel('Password').filter(visible).fill('a long mobile password 42');
    await page.getByRole('button', { name: 'Create account' }).filter(visible).click();

    // Back on checkout, signed in: no offer to sign in, the cart still holds the product.
    await page.getByRole('button', { name: 'Place order' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).count()).toBe(0);
    expect(await page.getByLabel('E-mail').inputValue()).toBe(email);
  });

  test('has an unknown coupon refused, applies the admin’s coupon and pays by express to Germany', async () => {
    await page.getByLabel('Full name').fill('Erika Mustermann');
    await page.getByLabel('Street and number').fill('Heidestraße 17');
    await page.getByLabel('City').fill('Köln');
    await page.getByLabel('Postal code').fill('51147');
    await page.getByLabel('Country code').fill('DE');
    const express = page.getByRole('radio', { name: /^Express shipping, 1–2 working days, / });
    await express.click();
    await expect.poll(() => express.getAttribute('aria-checked')).toBe('true');
    expect(await express.getAttribute('aria-label')).toMatch(EURO);
    await expect.poll(() => page.getByRole('listitem', { name: /^Included VAT / }).count()).toBe(1);

    await page.getByLabel('Coupon code (optional)').fill('NOSUCHCODE');
    await page.getByRole('button', { name: 'Apply coupon' }).click();
    await page.getByText('We do not know this code; check its spelling.').waitFor();
    await screenshot('checkout-coupon-refused');

    await page.getByLabel('Coupon code (optional)').fill(COUPON.toLowerCase());
    await page.getByRole('button', { name: 'Apply coupon' }).click();
    const discount = page.getByRole('listitem', { name: /^Discount / });
    await discount.waitFor();
    expect(await discount.getAttribute('aria-label')).toMatch(EURO);
    const total = await page.getByRole('listitem', { name: /^Total / }).getAttribute('aria-label');
    expect(total).toMatch(EURO);
    await discount.scrollIntoViewIfNeeded();
    await screenshot('checkout-totals');

    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel('Expiry (MM/YY)').fill('12/39');
    await page.getByLabel('Security code').fill('123');
    await screenshot('checkout-eur');
    await page.getByRole('button', { name: 'Place order' }).click();

    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    await page.getByLabel('Status: Confirmed').waitFor({ timeout: 30_000 });
    expect(await page.getByLabel(/^Discount −/).textContent()).toMatch(EURO);
    expect(await page.getByLabel(/^Express shipping /).textContent()).toMatch(EURO);
    expect(await page.getByLabel(/^Included VAT /).textContent()).toMatch(EURO);
    expect(await page.getByLabel(/^Total /).textContent()).toBe(total?.replace(/^Total /, ''));
    await screenshot('order-eur');
    expect(pageErrors).toEqual([]);
  });
});
