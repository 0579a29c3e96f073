// @vitest-environment jsdom
// Around a product: more from its category (never itself), the products this browser viewed
// before (newest first, remembered across visits, never the one on screen), and its picture
// zoomed over the page and closed again.
import type { MediaImage, Product, ProductSummary } from '@emporium/api-client';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ProductPage } from '../src/pages/storefront/ProductPage';
import { fakeGateway, json, problem } from './support/fake-gateway';
import { renderAt } from './support/render-app';

afterEach(cleanup);
beforeEach(() => localStorage.clear());

const at = new Date().toISOString();
function picture(id: string): MediaImage {
  const rendition = (name: string, width: number) => ({
    width,
    height: width,
    avif: `/api/v1/media/${id}/${name}.avif`,
    webp: `/api/v1/media/${id}/${name}.webp`,
    fallback: `/api/v1/media/${id}/${name}.jpg`,
  });
  return {
    id,
    alt: `Picture ${id}`,
    width: 1920,
    height: 1920,
    renditions: {
      thumbnail: rendition('thumbnail', 160),
      card: rendition('card', 480),
      detail: rendition('detail', 960),
      zoom: rendition('zoom', 1920),
    },
  };
}

function product(slug: string, title: string, amount: number): Product {
  return {
    id: `p-${slug}`,
    slug,
    title,
    description: '',
    brand: 'Lumen',
    images: [],
    media: [picture(slug)],
    category: 'decor',
    categoryPath: ['home', 'decor'],
    attributes: {},
    status: 'active',
    version: 1,
    createdAt: at,
    updatedAt: at,
    variants: [
      {
        sku: `${slug}-1`,
        title: 'One size',
        options: {},
        price: { amount, currency: 'USD' },
        prices: [{ amount, currency: 'USD' }],
        taxClass: 'standard',
        weightGrams: 500,
        available: 3,
        lowStockThreshold: 1,
        media: [],
      },
    ],
  };
}

const catalog = [
  product('oak-lamp', 'Oak Lamp', 4999),
  product('linen-throw', 'Linen Throw', 3900),
  product('clay-vase', 'Clay Vase', 2500),
];
const summary = (p: Product): ProductSummary =>
  ({
    id: p.id,
    slug: p.slug,
    title: p.title,
    brand: p.brand,
    image: null,
    media: null,
    price: p.variants[0]!.price,
    inStock: true,
    category: p.category,
  }) as unknown as ProductSummary;

function open(slug: string) {
  const gateway = fakeGateway({
    'GET /api/v1/regions': () => json({ regions: [] }),
    'GET /api/v1/products': () =>
      json({ items: catalog.map(summary), facets: {}, nextCursor: null, mediaBase: '/api/v1/media' }),
    ...Object.fromEntries(catalog.map((p) => [`GET /api/v1/products/${p.slug}`, () => json(p)])),
    'GET /api/v1/products/withdrawn-chair': () => problem(404, 'not-found', 'No such product'),
  });
  renderAt(gateway.client, `/p/${slug}`, { '/p/:slug': <ProductPage /> });
  return gateway;
}

describe('around a product', () => {
  test('shows more from its category, never the product itself', async () => {
    const gateway = open('oak-lamp');
    const shelf = await screen.findByRole('region', { name: 'You may also like' });
    await within(shelf).findByText('Linen Throw');
    expect(within(shelf).getByText('Clay Vase')).toBeTruthy();
    expect(within(shelf).queryByText('Oak Lamp')).toBeNull();
    expect(gateway.sent('GET /api/v1/products')[0]!.search).toContain('category=decor');
  });

  test('remembers viewed products newest first, and drops one that no longer exists', async () => {
    localStorage.setItem('emporium.recently-viewed', JSON.stringify(['withdrawn-chair']));
    open('linen-throw');
    await screen.findByRole('heading', { name: 'Linen Throw', level: 1 });
    cleanup();
    open('clay-vase');
    await screen.findByRole('heading', { name: 'Clay Vase', level: 1 });
    cleanup();

    open('oak-lamp');
    const shelf = await screen.findByRole('region', { name: 'Recently viewed' });
    await within(shelf).findByText('Linen Throw');
    const titles = within(shelf)
      .getAllByRole('listitem')
      .map((item) => item.querySelector('.product-card-title')?.textContent);
    expect(titles).toEqual(['Clay Vase', 'Linen Throw']);
    expect(JSON.parse(localStorage.getItem('emporium.recently-viewed')!)).toEqual([
      'oak-lamp',
      'clay-vase',
      'linen-throw',
      'withdrawn-chair',
    ]);
  });

  test('zooms the picture over the page and gives focus back when closed', async () => {
    open('oak-lamp');
    const zoomIn = await screen.findByRole('button', { name: /Zoom in on Picture oak-lamp/ });
    await userEvent.click(zoomIn);
    const dialog = screen.getByRole('dialog', { name: 'Zoomed picture: Picture oak-lamp' });
    expect(dialog.querySelector('img')!.getAttribute('src')).toBe('/api/v1/media/oak-lamp/zoom.jpg');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Close' }));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(zoomIn);
  });
});
