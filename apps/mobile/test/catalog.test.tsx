// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { CatalogScreen } from '../src/screens/catalog-screen';
import { SearchScreen } from '../src/screens/search-screen';
import { trailRunner } from './support/catalog-fixtures';
import { fakeGateway } from './support/fake-gateway';
import { renderShop } from './support/render-shop';

afterEach(cleanup);

describe('catalog', () => {
  test('shows the categories and the first page of products, and asks for the next page by cursor', async () => {
    const { gateway } = renderShop(<CatalogScreen onOpenProduct={() => {}} />);

    expect(await screen.findByRole('tab', { name: 'Shoes › Running' })).toBeTruthy();
    expect(await screen.findByRole('link', { name: 'Trail Runner, $89.99' })).toBeTruthy();
    expect(screen.getAllByRole('link')).toHaveLength(20);

    fireEvent.click(screen.getByRole('button', { name: 'Show more products' }));

    // The list virtualises rows (jsdom has no layout to scroll), so the page is checked at the
    // source: the second request carries the first page's cursor and the footer goes away.
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Show more products' })).toBeNull());
    expect(gateway.callsTo('GET', '/products').map((call) => call.search.get('cursor'))).toEqual([
      null,
      '20',
    ]);
  });

  test('narrows the list to a category and opens a product', async () => {
    const onOpenProduct = vi.fn();
    const { gateway } = renderShop(<CatalogScreen onOpenProduct={onOpenProduct} />);

    fireEvent.click(await screen.findByRole('tab', { name: 'Bags' }));

    const tote = await screen.findByRole('link', { name: 'Canvas Tote, $25.00' });
    expect(screen.getAllByRole('link')).toHaveLength(1);
    expect(gateway.callsTo('GET', '/products').at(-1)?.search.get('category')).toBe('bags');
    fireEvent.click(tote);
    expect(onOpenProduct).toHaveBeenCalledWith('canvas-tote');
  });

  test("shows a product's uploaded picture at its card size, built from the listing's media base", async () => {
    const rendition = (name: string, width: number) => ({
      width,
      height: width,
      avif: `/api/v1/media/f00d/${name}.avif`,
      webp: `/api/v1/media/f00d/${name}.webp`,
      fallback: `/api/v1/media/f00d/${name}.png`,
    });
    const picture = {
      id: 'f00d',
      alt: 'A trail shoe',
      width: 1200,
      height: 1200,
      renditions: {
        thumbnail: rendition('thumbnail', 160),
        card: rendition('card', 480),
        detail: rendition('detail', 960),
        zoom: rendition('zoom', 1200),
      },
    };
    // react-native-web loads the picture off-DOM (new Image()) before it shows it: watch that load.
    const loads = vi.spyOn(HTMLImageElement.prototype, 'src', 'set');
    const gateway = fakeGateway({ products: [{ ...trailRunner, media: [picture] }] });
    renderShop(<CatalogScreen onOpenProduct={() => {}} />, { gateway });

    await screen.findByRole('link', { name: 'Trail Runner, $89.99' });
    await waitFor(() => expect(loads).toHaveBeenCalledWith('/api/v1/media/f00d/card.png'));
    loads.mockRestore();
  });

  test('says the shop cannot be reached, and loads on "Try again" once it can', async () => {
    const gateway = fakeGateway();
    gateway.setOffline(true);
    renderShop(<CatalogScreen onOpenProduct={() => {}} />, { gateway });

    expect((await screen.findByRole('alert')).textContent).toMatch(/could not reach the shop/i);
    gateway.setOffline(false);
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByRole('link', { name: 'Trail Runner, $89.99' })).toBeTruthy();
  });
});

describe('search', () => {
  test('searches after typing and tells when nothing matches', async () => {
    const { gateway } = renderShop(<SearchScreen onOpenProduct={() => {}} />);
    const box = await screen.findByRole('searchbox', { name: 'Search products' });

    fireEvent.change(box, { target: { value: 'tote' } });
    expect(await screen.findByRole('link', { name: 'Canvas Tote, $25.00' })).toBeTruthy();
    expect(gateway.callsTo('GET', '/products').at(-1)?.search.get('q')).toBe('tote');

    fireEvent.change(box, { target: { value: 'umbrella' } });
    expect(await screen.findByText('No products match “umbrella”')).toBeTruthy();
  });

  test('sends the chosen sort order', async () => {
    const { gateway } = renderShop(<SearchScreen onOpenProduct={() => {}} />);
    fireEvent.change(await screen.findByRole('searchbox', { name: 'Search products' }), {
      target: { value: 'shoe' },
    });
    await screen.findByRole('link', { name: /^Road Shoe 1,/ });

    fireEvent.click(screen.getByRole('radio', { name: 'Price: low to high' }));

    await waitFor(() =>
      expect(gateway.callsTo('GET', '/products').at(-1)?.search.get('sort')).toBe('price_asc'),
    );
  });
});
