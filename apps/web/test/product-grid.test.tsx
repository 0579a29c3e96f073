// @vitest-environment jsdom
// A grid asked to render a first batch shows only those cards with the page, then every card
// after it; one without a first batch shows every card at once.
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, expect, test } from 'vitest';
import { type CardProduct, ProductGrid } from '../src/components/ProductCard';

afterEach(cleanup);

const products: CardProduct[] = Array.from({ length: 12 }, (_, i) => ({
  slug: `product-${i}`,
  title: `Product ${i}`,
  price: { amount: 1000 + i, currency: 'EUR' },
  inStock: true,
}));

function grid(firstBatch?: number) {
  return (
    <MemoryRouter>
      <ProductGrid products={products} firstBatch={firstBatch} />
    </MemoryRouter>
  );
}

test('renders the first batch with the page and the remaining cards after it, in order', async () => {
  render(grid(4));
  expect(screen.getAllByRole('listitem')).toHaveLength(4);
  await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(12));
  const titles = screen
    .getAllByRole('listitem')
    .map((item) => item.querySelector('.product-card-title')?.textContent);
  expect(titles).toEqual(products.map((product) => product.title));
});

test('renders cards added later, as a loaded next page, without losing those shown', async () => {
  const { rerender } = render(grid(4));
  await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(12));
  const more = [...products, { ...products[0]!, slug: 'product-12', title: 'Product 12' }];
  rerender(
    <MemoryRouter>
      <ProductGrid products={more} firstBatch={4} />
    </MemoryRouter>,
  );
  await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(13));
});

test('renders every card at once without a first batch', () => {
  render(grid());
  expect(screen.getAllByRole('listitem')).toHaveLength(12);
});
