// @vitest-environment jsdom
// An order placed with a promotion shows what it took off; one without shows no discount line.
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { OrderPage } from '../src/pages/storefront/OrderPage';
import { order } from './support/builders';
import { fakeGateway, json } from './support/fake-gateway';
import { renderAt } from './support/render-app';

afterEach(cleanup);

const usd = (amount: number) => ({ amount, currency: 'USD' });

function showOrder(placed: ReturnType<typeof order>) {
  const gateway = fakeGateway({ [`GET /api/v1/orders/${placed.orderId}`]: () => json(placed) });
  renderAt(gateway.client, `/orders/${placed.orderId}`, { '/orders/:orderId': <OrderPage /> });
}

describe('an order’s totals', () => {
  test('show the discount its promotions took off', async () => {
    showOrder(
      order({
        totals: {
          subtotal: usd(5000),
          shipping: usd(495),
          tax: usd(0),
          total: usd(4995),
          discount: usd(500),
        },
      }),
    );
    expect((await screen.findByTestId('order-discount')).textContent).toBe('−$5.00');
  });

  test('have no discount line when nothing was taken off', async () => {
    showOrder(order());
    expect(await screen.findByText('Subtotal')).toBeTruthy();
    expect(screen.queryByTestId('order-discount')).toBeNull();
  });
});
