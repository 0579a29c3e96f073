// @vitest-environment jsdom
// The shopper's region: the header's selector switches the currency every price is asked and
// written in (German shoppers read euros the German way), remembers the choice for the next
// visit, and a product not sold in the region says so instead of showing another currency.
import type { Product, Region } from '@emporium/api-client';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { Shell } from '../src/layout/Shell';
import { ProductPage } from '../src/pages/storefront/ProductPage';
import { fakeGateway, json } from './support/fake-gateway';
import { renderAt } from './support/render-app';

afterEach(cleanup);
beforeEach(() => localStorage.clear());

const region = (code: string, name: string, currency: string, countries: string[]): Region => ({
  id: `00000000-0000-4000-8000-00000000000${countries.length}`,
  code,
  name,
  currency,
  countries,
  taxInclusive: currency !== 'USD',
  taxOnShipping: currency !== 'USD',
  returnWindowDays: 14,
});
const regions = [
  region('us', 'United States', 'USD', ['US']),
  region('eu', 'European Union', 'EUR', ['DE', 'FR']),
  region('uk', 'United Kingdom', 'GBP', ['GB']),
];
const prices = [
  { amount: 4999, currency: 'USD' },
  { amount: 4699, currency: 'EUR' },
];
const at = new Date().toISOString();
const lamp = (currency: string): Product => ({
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
      price: prices.find((p) => p.currency === currency) ?? null,
      prices,
      taxClass: 'standard',
      weightGrams: 1200,
      available: 4,
      lowStockThreshold: 1,
      media: [],
    },
  ],
});

function shop() {
  const gateway = fakeGateway({
    'GET /api/v1/regions': () => json({ regions }),
    'GET /api/v1/products/oak-lamp': (request) =>
      json(lamp(new URLSearchParams(request.search).get('currency') ?? 'USD')),
  });
  renderAt(gateway.client, '/p/oak-lamp', {
    '/p/:slug': (
      <Shell>
        <ProductPage />
      </Shell>
    ),
  });
  return gateway;
}

describe('the shopper’s region', () => {
  test('switches prices to the region’s currency and locale, and is remembered', async () => {
    const gateway = shop();
    await screen.findByText('$49.99');
    const delivery = await screen.findByRole('region', { name: 'Delivery and returns' });
    expect(delivery.textContent).toContain('Ships within United States');
    expect(delivery.textContent).toContain('Tax is added at checkout');
    expect(delivery.textContent).toContain('Returns accepted within 14 days of delivery.');
    await userEvent.selectOptions(await screen.findByLabelText('Region'), 'eu');
    await screen.findByText(/^46,99\s€$/);
    const inEurope = screen.getByRole('region', { name: 'Delivery and returns' }).textContent;
    expect(inEurope).toContain('Ships within European Union');
    expect(inEurope).toContain('Prices include tax.');
    expect(gateway.sent('GET /api/v1/products/oak-lamp').map((r) => r.search)).toContain('?currency=EUR');
    expect(screen.getByText(/prices in EUR, VAT included/)).toBeTruthy();
    expect(localStorage.getItem('emporium.region')).toBe('eu');

    cleanup();
    shop();
    // The next visit starts in the region chosen last.
    await screen.findByText(/^46,99\s€$/);
  });

  test('says a product is not sold in the region rather than showing another currency', async () => {
    localStorage.setItem('emporium.region', 'uk');
    shop();
    await waitFor(() => expect(screen.getByText('Not sold in your region')).toBeTruthy());
    expect(screen.queryByText('$49.99')).toBeNull();
    expect((screen.getByRole('button', { name: 'Add to cart' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
