// @vitest-environment jsdom
// The product editor's prices follow each currency's exponent: 1500 typed for a yen price is
// 1500 yen stored (never 150000), 12.5 yen is refused naming the price before anything is sent,
// and prices in other currencies keep their own decimals. Opened again, the yen price reads 1500.
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { ProductEditorPage } from '../src/admin/ProductEditorPage';
import { fakeGateway, json } from './support/fake-gateway';
import { renderAt } from './support/render-app';

afterEach(cleanup);

const productId = '00000000-0000-4000-8000-0000000000a1';

describe('the admin product editor in yen', () => {
  test('stores whole yen, refuses a yen fraction naming the field, keeps euro cents', async () => {
    let saved: Record<string, unknown> | undefined;
    const gateway = fakeGateway({
      'GET /api/v1/categories': () =>
        json({ categories: [{ slug: 'books', name: 'Books', path: ['books'], children: [] }] }),
      'POST /api/v1/admin/products': (request) => {
        const body = request.body as { variants: { stock: number }[] } & Record<string, unknown>;
        saved = {
          ...body,
          id: productId,
          version: 1,
          categoryPath: ['books'],
          media: [],
          createdAt: '2026-12-07T00:00:00.000Z',
          updatedAt: '2026-12-07T00:00:00.000Z',
          variants: body.variants.map(({ stock, ...variant }) => ({
            ...variant,
            available: stock,
            lowStockThreshold: 3,
            media: [],
          })),
        };
        return json(saved, 201);
      },
      [`GET /api/v1/admin/products/${productId}`]: () => json(saved),
    });
    renderAt(gateway.client, '/admin/products/new', {
      '/admin/products/new': <ProductEditorPage />,
      '/admin/products/:id': <ProductEditorPage />,
    });
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText('Title'), 'Haiku collection');
    await user.type(screen.getByLabelText('Brand'), 'Emporium');
    await screen.findByRole('option', { name: 'Books' });
    await user.selectOptions(screen.getByLabelText('Category'), 'books');
    const currency = screen.getByLabelText('Currency');
    await user.clear(currency);
    await user.type(currency, 'jpy');
    await user.type(screen.getByLabelText('SKU'), 'HAIKU-1');
    await user.type(screen.getByLabelText('Variant name'), 'Paperback');
    await user.type(screen.getByLabelText('Options (name=value, …)'), 'format=paperback');
    const price = screen.getByLabelText('Price (JPY)');
    await user.type(price, '12.5');
    const others = screen.getByLabelText('Prices in other currencies (CUR=price, …)');
    await user.type(others, 'EUR=9.555');
    await user.click(screen.getByRole('button', { name: /create product/i }));

    expect(
      await screen.findByText('The price in JPY takes whole JPY (it has no minor unit), e.g. 1500.'),
    ).toBeTruthy();
    expect(price.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('The price in EUR takes at most 2 decimals, e.g. 24.99.')).toBeTruthy();
    expect(gateway.sent('POST /api/v1/admin/products')).toHaveLength(0);

    await user.clear(price);
    await user.type(price, '1500');
    await user.clear(others);
    await user.type(others, 'EUR=9.5');
    await user.click(screen.getByRole('button', { name: /create product/i }));

    expect(await screen.findByText(/version 1/)).toBeTruthy();
    const [sent] = gateway.sent('POST /api/v1/admin/products');
    expect((sent!.body as { variants: { prices: unknown }[] }).variants[0]!.prices).toEqual([
      { amount: 1500, currency: 'JPY' },
      { amount: 950, currency: 'EUR' },
    ]);
    // Opened from what was stored: whole yen, euro cents.
    expect(await screen.findByDisplayValue('EUR=9.50')).toBeTruthy();
    expect((screen.getByLabelText('Price (JPY)') as HTMLInputElement).value).toBe('1500');
  });
});
