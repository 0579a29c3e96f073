// @vitest-environment jsdom
// The cart as the shopper sees it: notices that stay until dismissed, the guest cart joining the
// account's cart at sign-in, checkout held back while stock is short, and each line at the price
// the shopper's price lists give its quantity.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { readCartRef, writeCartRef } from '../src/cart/cart-state';
import { CartPage } from '../src/pages/storefront/CartPage';
import { cart, line } from './support/builders';
import { fakeGateway, json, problem } from './support/fake-gateway';
import { renderAt } from './support/render-app';

const guestCartId = '11111111-1111-4111-8111-111111111111';
const accountCartId = '33333333-3333-4333-8333-333333333333';

beforeEach(() => {
  localStorage.clear();
  writeCartRef(localStorage, { cartId: guestCartId, userId: null });
});
afterEach(cleanup);

describe('the cart page', () => {
  test('keeps a price-change notice on screen after later reads no longer carry it', async () => {
    const notice = 'The price of Parka (A) went from $25.00 to $27.00.';
    let reads = 0;
    const changed = line('A', {
      unitPrice: { amount: 2700, currency: 'USD' },
      priceChange: {
        previous: { amount: 2500, currency: 'USD' },
        current: { amount: 2700, currency: 'USD' },
      },
    });
    const gateway = fakeGateway({
      [`GET /api/v1/cart/${guestCartId}`]: () =>
        json(
          reads++ === 0
            ? cart([changed], { notices: [notice] })
            : cart([line('A', { unitPrice: changed.unitPrice })]),
        ),
      [`PUT /api/v1/cart/${guestCartId}/lines/A`]: () =>
        json(cart([line('A', { quantity: 2, unitPrice: changed.unitPrice })])),
    });
    renderAt(gateway.client, '/cart', { '/cart': <CartPage /> });

    expect(await screen.findByText(notice)).toBeTruthy();
    expect(screen.getByText('Price changed from $25.00 to $27.00.')).toBeTruthy();

    await userEvent.selectOptions(screen.getByLabelText('Qty'), '2');
    await waitFor(() => expect(gateway.sent(`PUT /api/v1/cart/${guestCartId}/lines/A`)).toHaveLength(1));
    expect(screen.getByText(notice)).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Got it' }));
    expect(screen.queryByText(notice)).toBeNull();
    expect(screen.queryByText('Price changed from $25.00 to $27.00.')).toBeNull();
  });

  test('merges the guest cart into the account cart when the shopper signs in', async () => {
    const gateway = fakeGateway({
      [`GET /api/v1/cart/${guestCartId}`]: () => json(cart([line('A')])),
      'POST /api/v1/auth/login': () =>
        json({
          accessToken: 'access',
          refreshToken: 'refresh',
          expiresIn: 900,
          user: { id: 'user-1', email: 'ada@example.com', roles: ['customer'], emailVerified: true },
        }),
      'POST /api/v1/cart/merge': () =>
        json(cart([line('A'), line('B')], { cartId: accountCartId, userId: 'user-1' })),
      [`GET /api/v1/cart/${accountCartId}`]: () =>
        json(cart([line('A'), line('B')], { cartId: accountCartId, userId: 'user-1' })),
    });
    renderAt(gateway.client, '/cart', { '/cart': <CartPage /> });
    expect(await screen.findByText('Parka (A)')).toBeTruthy();

    await gateway.client.auth.login({ email: 'ada@example.com', password: 'a long enough password' });

    expect(await screen.findByText('Parka (B)')).toBeTruthy();
    expect(gateway.sent('POST /api/v1/cart/merge').map((r) => r.body)).toEqual([{ cartId: guestCartId }]);
    expect(gateway.sent('POST /api/v1/cart/merge')[0]!.headers.get('authorization')).toBe('Bearer access');
    expect(readCartRef(localStorage)).toEqual({ cartId: accountCartId, userId: 'user-1' });
  });

  test('holds checkout back and says why while an item has too little stock', async () => {
    const gateway = fakeGateway({
      [`GET /api/v1/cart/${guestCartId}`]: () =>
        json(cart([line('A', { quantity: 5, available: 2, availability: 'insufficient_stock' })])),
    });
    renderAt(gateway.client, '/cart', { '/cart': <CartPage /> });

    const summary = await screen.findByRole('complementary', { name: 'Summary' });
    expect(within(summary).getByText(/Only 2 of Parka \(A\) left/)).toBeTruthy();
    expect((within(summary).getByRole('button', { name: 'Check out' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
  });

  test('starts a new cart when the held one was already checked out', async () => {
    const gateway = fakeGateway({
      [`GET /api/v1/cart/${guestCartId}`]: () => json(cart([line('A')], { status: 'converted' })),
    });
    renderAt(gateway.client, '/cart', { '/cart': <CartPage /> });

    expect(await screen.findByText('Your cart is empty')).toBeTruthy();
    expect(readCartRef(localStorage)).toBeNull();
  });

  test('says in words why a quantity change was refused', async () => {
    const gateway = fakeGateway({
      [`GET /api/v1/cart/${guestCartId}`]: () => json(cart([line('A', { available: 3 })])),
      [`PUT /api/v1/cart/${guestCartId}/lines/A`]: () =>
        problem(409, 'insufficient-stock', 'Only 1 of Parka (A) left; you asked for 3.'),
    });
    renderAt(gateway.client, '/cart', { '/cart': <CartPage /> });
    await userEvent.selectOptions(await screen.findByLabelText('Qty'), '3');

    expect((await screen.findByRole('alert')).textContent).toBe('Only 1 of Parka (A) left; you asked for 3.');
  });

  test('shows each line at its price list price for its quantity, a sale against the struck catalog price', async () => {
    const usd = (amount: number) => ({ amount, currency: 'USD' });
    const lines = (quantityOfA: number) => [
      line('A', { quantity: quantityOfA, unitPrice: usd(2500) }),
      line('B', { quantity: 3, unitPrice: usd(4000) }),
      line('C', { unitPrice: usd(1000) }),
      line('D', { unitPrice: usd(500) }),
    ];
    const step = (minQuantity: number, amount: number, type: 'sale' | 'override' = 'sale') => ({
      minQuantity,
      amount,
      priceListId: type,
      type,
    });
    const gateway = fakeGateway({
      [`GET /api/v1/cart/${guestCartId}`]: () => json(cart(lines(1))),
      [`PUT /api/v1/cart/${guestCartId}/lines/A`]: () => json(cart(lines(3))),
      'GET /api/v1/prices': () =>
        json({
          currency: 'USD',
          prices: [
            { sku: 'A', unit: step(1, 2000), tiers: [step(3, 1800)] },
            { sku: 'B', unit: step(1, 3600), tiers: [step(3, 3200)] },
            // Above the catalog price: never shown, the quote would not charge it.
            { sku: 'C', unit: step(1, 1200), tiers: [] },
            // An override is the shopper's own price: nothing struck.
            { sku: 'D', unit: step(1, 400, 'override'), tiers: [] },
          ],
        }),
    });
    renderAt(gateway.client, '/cart', { '/cart': <CartPage /> });
    const lineOf = async (sku: string) =>
      (await screen.findByText(`Parka (${sku})`)).closest('li') as HTMLElement;
    const summary = await screen.findByRole('complementary', { name: 'Summary' });

    // One unit of A: its one-unit list price; three of B reach B's 3-unit tier: 20 + 96 + 10 + 4.
    await waitFor(() => expect(within(summary).getByText('$130.00')).toBeTruthy());
    const a = await lineOf('A');
    expect(a.querySelector('s')?.textContent).toBe('$25.00');
    expect(within(a).getByText(/Your price/).textContent).toBe('Your price $20.00');
    expect(within(a).getByText('Line total').parentElement?.textContent).toBe('Line total $20.00');
    const b = await lineOf('B');
    expect(b.querySelector('s')?.textContent).toBe('$40.00');
    expect(within(b).getByText(/Your price/).textContent).toBe('Your price $32.00');
    expect(within(b).getByText('Line total').parentElement?.textContent).toBe('Line total $96.00');
    const c = await lineOf('C');
    expect(c.querySelector('s')).toBeNull();
    expect(within(c).queryByText(/Your price/)).toBeNull();
    expect(within(c).getByText('Line total').parentElement?.textContent).toBe('Line total $10.00');
    const d = await lineOf('D');
    expect(d.querySelector('s')).toBeNull();
    expect(within(d).getByText(/Your price/).textContent).toBe('Your price $4.00');
    expect(gateway.sent('GET /api/v1/prices').map((r) => new URLSearchParams(r.search).get('skus'))).toEqual([
      'A,B,C,D',
    ]);

    // Three of A reach its 3-unit tier: 3 × 18.00 + 96.00 + 10.00 + 4.00.
    await userEvent.selectOptions(within(a).getByLabelText('Qty'), '3');
    await waitFor(() => expect(within(summary).getByText('$164.00')).toBeTruthy());
    expect(within(await lineOf('A')).getByText(/Your price/).textContent).toBe('Your price $18.00');
  });
});
