// Smoke test of the web build: `expo export --platform web` bundles the app with Metro, a static
// server serves dist/ (any path falls back to index.html, as a host for a single-page app would),
// and Chromium loads it. The gateway is answered by the test (catalog fixtures), so this checks
// the bundle boots, routes and renders real screens, not the services.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Browser, chromium, type Page, type Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { categories, products, summaryOf } from './support/catalog-fixtures';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const distDir = join(appDir, 'dist');
const contentTypes: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
};

function serveDist(): Promise<Server> {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const file = join(distDir, path);
    const body = await readFile(
      file.startsWith(distDir) && extname(file) ? file : join(distDir, 'index.html'),
    ).catch(() => undefined);
    if (!body) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'text/html' }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The gateway as the catalog screens need it; anything else is a 404 problem. */
async function answerLikeTheGateway(route: Route) {
  const url = new URL(route.request().url());
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' };
  if (route.request().method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
  const reply = (status: number, body: unknown) =>
    route.fulfill({
      status,
      headers: { ...cors, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const path = url.pathname.replace(/^\/api\/v1/, '');
  if (path === '/categories') return reply(200, { categories });
  if (path === '/products') {
    const items = products.slice(0, 20).map(summaryOf);
    const facets = { categories: [], brands: [], attributes: {}, price: { min: 0, max: 0 }, inStock: 0 };
    return reply(200, { items, facets, total: products.length, nextCursor: null });
  }
  const product = products.find((p) => `/products/${p.slug}` === path);
  if (product) return reply(200, product);
  return reply(404, { type: 'https://emporium.dev/problems/not-found', title: 'Not found', status: 404 });
}

describe('web export', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await promisify(execFile)('npx', ['expo', 'export', '--platform', 'web', '--output-dir', 'dist'], {
      cwd: appDir,
      env: { ...process.env, CI: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    server = await serveDist();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    page = await browser.newPage();
    await page.route('**/api/v1/**', answerLikeTheGateway);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  test('opens on the catalog, with its categories and products', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);

    await page.getByRole('link', { name: 'Trail Runner, $89.99' }).waitFor();
    expect(await page.getByRole('tab', { name: 'Shoes › Running' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: /^Road Shoe \d+,/ }).count()).toBe(18);
    expect(errors).toEqual([]);
  });

  test('a product opens on its own page, with the first size in stock chosen', async () => {
    await page.getByRole('link', { name: 'Trail Runner, $89.99' }).click();

    await page.getByRole('button', { name: 'Add Trail Runner, Size 41, to cart' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/product/trail-runner');
    expect(await page.getByText('Only 2 left').count()).toBe(0);
    expect(await page.getByText('In stock').count()).toBe(1);
  });
});
