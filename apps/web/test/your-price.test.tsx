// @vitest-environment jsdom
// The product page shows a shopper's price list price: a sale struck against the catalog price,
// a group's override as their own price, and the lower prices from more units on — never a
// "price" that is not below what they would pay anyway.
import type { Product } from '@emporium/api-client';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { ProductPage } from '../src/pages/storefront/ProductPage';
import { fakeGateway, json } from './support/fake-gateway';
import { renderAt } from './support/render-app';

afterEach(cleanup);

const at = new Date().toISOString();
const lamp: Product = {
  id: 'p-lamp',
  slug: 'oak-lamp',
  title: 'Oak Lamp',
  description: 'A lamp.',
  brand: 'Lumen',
  images: [],
  media: [],
  category: 'decor',
  categoryPath: ['home', 'decor'],
  attributes: {},
  status: 'active',
  version: 1,
  createdAt: at,
  updatedAt: at,
  variants: [
    {
      sku: 'LAMP-1',
      title: 'One size',
      options: {},
      price: { amount: 4999, currency: 'USD' },
      prices: [{ amount: 4999, currency: 'USD' }],
      taxClass: 'standard',
      weightGrams: 1200,
      available: 40,
      lowStockThreshold: 1,
      media: [],
    },
  ],
};
const LIST = '00000000-0000-4000-8000-000000000001';

function productWith(type: 'sale' | 'override', unit: number) {
  const gateway = fakeGateway({
    'GET /api/v1/products/oak-lamp': () => json(lamp),
    'GET /api/v1/prices': () =>
      json({
        currency: 'USD',
        prices: [
          {
            sku: 'LAMP-1',
            unit: { minQuantity: 1, amount: unit, priceListId: LIST, type },
            tiers: [
              { minQuantity: 10, amount: 3999, priceListId: LIST, type },
              { minQuantity: 50, amount: 2999, priceListId: LIST, type },
            ],
          },
        ],
      }),
  });
  renderAt(gateway.client, '/p/oak-lamp', { '/p/:slug': <ProductPage /> });
  return gateway;
}

describe('your price on the product page', () => {
  test('strikes the catalog price for a sale and lists the tiers', async () => {
    const gateway = productWith('sale', 4499);
    const yours = await screen.findByText(/Your price/);
    expect(within(yours).getByText('$44.99')).toBeTruthy();
    expect(screen.getByText('$49.99').closest('s')).toBeTruthy();
    const tiers = screen.getByRole('list', { name: 'Prices by quantity' });
    expect(
      within(tiers)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['From 10 units: $39.99 each', 'From 50 units: $29.99 each']);
    expect(gateway.sent('GET /api/v1/prices')[0]!.search).toBe('?skus=LAMP-1&currency=USD');
  });

  test('shows a group’s override as the shopper’s own price, without striking', async () => {
    productWith('override', 4499);
    await screen.findByText(/Your price/);
    expect(screen.queryByText('$49.99')).toBeNull();
  });

  test('ignores a list price that is not below the catalog price, but keeps lower tiers', async () => {
    productWith('sale', 5200);
    await screen.findByRole('list', { name: 'Prices by quantity' });
    expect(screen.queryByText(/Your price/)).toBeNull();
    expect(screen.getByText('$49.99').closest('s')).toBeNull();
  });
});
