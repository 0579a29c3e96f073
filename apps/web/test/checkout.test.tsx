// @vitest-environment jsdom
// Checkout as the shopper sees it: checks before sending, the server's field errors in place, a
// declined card in words with the cart untouched, a retry after a lost answer that cannot order
// twice, and a checkout the shop was too busy to take sent again by itself.
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { writeCartRef } from '../src/cart/cart-state';
import { CheckoutPage } from '../src/pages/storefront/CheckoutPage';
import { OrderPage } from '../src/pages/storefront/OrderPage';
import { cart, line, order } from './support/builders';
import { fakeGateway, json, problem } from './support/fake-gateway';
import { renderAt } from './support/render-app';

const cartId = '11111111-1111-4111-8111-111111111111';

beforeEach(() => {
  localStorage.clear();
  writeCartRef(localStorage, { cartId, userId: null });
});
afterEach(cleanup);

type Routes = Parameters<typeof fakeGateway>[0];

function showCheckout(placeOrder: Routes[string], routes: Routes = {}) {
  const gateway = fakeGateway({
    [`GET /api/v1/cart/${cartId}`]: () => json(cart([line('A', { quantity: 2 })])),
    'POST /api/v1/orders': placeOrder,
    ...routes,
  });
  renderAt(gateway.client, '/checkout', {
    '/checkout': <CheckoutPage />,
    '/orders/:orderId': <OrderPage />,
  });
  return gateway;
}

async function fillForm(card = '4242 4242 4242 4242') {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText('E-mail'), 'ada@example.com');
  await user.type(screen.getByLabelText('Full name'), 'Ada Shopper');
  await user.type(screen.getByLabelText('Street and number'), '1 Harbour Road');
  await user.type(screen.getByLabelText('City'), 'Springfield');
  await user.type(screen.getByLabelText('Postal code'), '12345');
  await user.type(screen.getByLabelText('Card number'), card);
  await user.type(screen.getByLabelText('Expiry (MM/YY)'), '12/39');
  await user.type(screen.getByLabelText('Security code'), '123');
  return user;
}

const placeButton = () => screen.getByRole('button', { name: 'Place order' });

describe('checkout', () => {
  test('refuses to send a mistyped card number and puts the shopper on the field', async () => {
    const gateway = showCheckout(() => json(order(), 201));
    const user = await fillForm('4242 4242 4242 4241');
    await user.click(placeButton());

    expect(await screen.findByText('This card number is not valid; check the digits.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Card number')));
    expect(gateway.sent('POST /api/v1/orders')).toHaveLength(0);
  });

  test('sends the order and opens its confirmation', async () => {
    const gateway = showCheckout(() => json(order({ status: 'confirmed' }), 201));
    const user = await fillForm();
    await user.click(placeButton());

    await waitFor(() =>
      expect(screen.getByTestId('location').textContent).toBe(`/orders/${order().orderId}?placed=1`),
    );
    const [sent] = gateway.sent('POST /api/v1/orders');
    expect(sent!.body).toMatchObject({
      cartId,
      email: 'ada@example.com',
      shippingMethod: 'standard',
      paymentToken: '4242424242424242',
      shippingAddress: {
        name: 'Ada Shopper',
        line1: '1 Harbour Road',
        city: 'Springfield',
        postalCode: '12345',
        country: 'US',
      },
    });
    expect(sent!.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{32,36}$/);
  });

  test('says why a card was declined, keeps the cart, and tries again under a new key', async () => {
    const reason =
      'Your payment was declined: The card was declined. Your card was not charged and nothing was reserved.';
    // A refused checkout is a problem with the reason, not an order.
    const gateway = showCheckout(() =>
      problem(402, 'payment-declined', reason, { code: 'card_declined', reason, attemptId: cartId }),
    );
    const user = await fillForm('4000 0000 0000 0002');
    await user.click(placeButton());

    expect((await screen.findByTestId('checkout-error')).textContent).toContain(reason);
    expect(screen.getByText('Your cart is unchanged.')).toBeTruthy();
    expect(screen.getByTestId('location').textContent).toBe('/checkout');
    expect(screen.getByText('2 × Parka (A)')).toBeTruthy();

    await user.click(placeButton());
    await waitFor(() => expect(gateway.sent('POST /api/v1/orders')).toHaveLength(2));
    const [first, second] = gateway.sent('POST /api/v1/orders').map((r) => r.headers.get('idempotency-key'));
    expect(second).not.toBe(first);
  });

  test('follows the order of a cart another request already checked out', async () => {
    const orderId = '22222222-2222-4222-8222-222222222222';
    showCheckout(() =>
      problem(409, 'cart-already-checked-out', 'This cart is already being checked out.', { orderId }),
    );
    const user = await fillForm('4242 4242 4242 4242');
    await user.click(placeButton());
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe(`/orders/${orderId}`));
  });

  test('sends the coupon typed, and says beside its field why the shop did not take one', async () => {
    const expired = 'The coupon SPRING expired on 2026-05-01T00:00:00.000Z.';
    const gateway = showCheckout(() =>
      problem(422, 'coupon-expired', expired, { reason: 'expired', field: 'body.couponCode' }),
    );
    const user = await fillForm();
    await user.type(screen.getByLabelText('Coupon code (optional)'), ' spring ');
    await user.click(placeButton());

    const coupon = screen.getByLabelText('Coupon code (optional)');
    await waitFor(() => expect(coupon.getAttribute('aria-invalid')).toBe('true'));
    const described = document.getElementById(coupon.getAttribute('aria-describedby')!.split(' ').pop()!);
    expect(described?.textContent).toBe('This code has expired.');
    expect(gateway.sent('POST /api/v1/orders')[0]!.body).toMatchObject({ couponCode: 'spring' });
  });

  test('shows the server’s field errors beside the fields they name', async () => {
    showCheckout(() =>
      problem(400, 'validation', 'body.shippingAddress.postalCode must NOT have more than 20 characters', {
        errors: [
          { field: 'body.shippingAddress.postalCode', message: 'must NOT have more than 20 characters' },
        ],
      }),
    );
    const user = await fillForm();
    await user.click(placeButton());

    const postalCode = screen.getByLabelText('Postal code');
    await waitFor(() => expect(postalCode.getAttribute('aria-invalid')).toBe('true'));
    const described = document.getElementById(postalCode.getAttribute('aria-describedby')!.split(' ').pop()!);
    expect(described?.textContent).toBe('Must NOT have more than 20 characters.');
    expect((await screen.findByTestId('checkout-error')).textContent).toContain(
      'Please correct the highlighted fields.',
    );
  });

  test('retries with the same Idempotency-Key when the first answer was lost', async () => {
    let calls = 0;
    const gateway = showCheckout(() => {
      calls += 1;
      if (calls === 1) throw new TypeError('Failed to fetch');
      return json(order(), 201);
    });
    const user = await fillForm();
    await user.click(placeButton());
    expect((await screen.findByTestId('checkout-error')).textContent).toMatch(/not be charged twice/);

    await user.click(placeButton());
    await waitFor(() => expect(screen.getByTestId('location').textContent).toContain('/orders/'));
    const keys = gateway.sent('POST /api/v1/orders').map((r) => r.headers.get('idempotency-key'));
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  test('says the shop is busy and sends the order again, under the same key, when it is turned away', async () => {
    let calls = 0;
    const gateway = showCheckout(() => {
      calls += 1;
      if (calls === 1) {
        return problem(503, 'checkout-busy', 'The shop is very busy right now.', { retryAfter: 1 });
      }
      return json(order(), 201);
    });
    const user = await fillForm();
    await user.click(placeButton());
    expect(
      await screen.findByText(
        /very busy right now; nothing has been ordered or charged yet\. Trying again in 1 second/,
      ),
    ).toBeTruthy();

    await waitFor(() => expect(screen.getByTestId('location').textContent).toContain('/orders/'), {
      timeout: 3_000,
    });
    const keys = gateway.sent('POST /api/v1/orders').map((r) => r.headers.get('idempotency-key'));
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });
});

const ukRegionId = '33333333-3333-4333-8333-333333333333';
const usRegionId = '44444444-4444-4444-8444-444444444444';
const region = (id: string, code: string, countries: string[], currency: string) => ({
  id,
  code,
  name: code.toUpperCase(),
  countries,
  currency,
  taxInclusive: currency !== 'USD',
  taxOnShipping: true,
  returnWindowDays: 30,
});
const option = (regionId: string, code: string, name: string, kind: 'flat' | 'pickup') => ({
  id: crypto.randomUUID(),
  regionId,
  code,
  name,
  active: true,
  taxClass: 'standard',
  rule: kind === 'pickup' ? { kind } : { kind, amount: 495 },
});
/** The US ships only; the UK also has click and collect. */
const regionRoutes: Routes = {
  'GET /api/v1/regions': () =>
    json({
      regions: [region(usRegionId, 'us', ['US'], 'USD'), region(ukRegionId, 'uk', ['GB'], 'GBP')],
    }),
  [`GET /api/v1/regions/${usRegionId}/shipping-options`]: () =>
    json({ shippingOptions: [option(usRegionId, 'standard', 'Standard', 'flat')] }),
  [`GET /api/v1/regions/${ukRegionId}/shipping-options`]: () =>
    json({
      shippingOptions: [
        option(ukRegionId, 'standard', 'Royal Mail', 'flat'),
        option(ukRegionId, 'pickup', 'Click and collect', 'pickup'),
      ],
    }),
};

describe('pickup', () => {
  test('is offered only where the destination region has it', async () => {
    const user = userEvent.setup();
    showCheckout(() => json(order(), 201), regionRoutes);
    await screen.findByRole('radio', { name: 'Standard' });
    // The US region has no pickup (and no express).
    await waitFor(() => expect(screen.queryByRole('radio', { name: 'Express' })).toBeNull());
    expect(screen.queryByRole('radio', { name: /^Pickup/ })).toBeNull();

    await user.selectOptions(screen.getByLabelText('Country'), 'GB');
    expect(await screen.findByRole('radio', { name: 'Pickup: Click and collect' })).toBeTruthy();
  });

  test('asks only who collects, sends no street, and the order says where to collect it', async () => {
    const placed = order({
      status: 'confirmed',
      shippingMethod: 'pickup',
      shippingName: 'Click and collect',
      shippingAddress: { name: 'Ada Shopper', country: 'GB' },
    });
    const gateway = showCheckout(() => json(placed, 201), {
      ...regionRoutes,
      [`GET /api/v1/orders/${placed.orderId}`]: () => json(placed),
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('E-mail'), 'ada@example.com');
    await user.type(screen.getByLabelText('Full name'), 'Ada Shopper');
    await user.type(screen.getByLabelText('Street and number'), '1 Harbour Road');
    await user.selectOptions(screen.getByLabelText('Country'), 'GB');
    await user.click(await screen.findByRole('radio', { name: 'Pickup: Click and collect' }));

    expect(screen.getByRole('heading', { name: 'Who collects the order' })).toBeTruthy();
    for (const street of ['Street and number', 'City', 'Postal code', 'State or region (optional)'])
      expect(screen.queryByLabelText(street)).toBeNull();
    await user.type(screen.getByLabelText('Card number'), '4242 4242 4242 4242');
    await user.type(screen.getByLabelText('Expiry (MM/YY)'), '12/39');
    await user.type(screen.getByLabelText('Security code'), '123');
    await user.click(placeButton());

    expect((await screen.findByTestId('order-pickup')).textContent).toBe(
      'Pickup at Click and collect, by Ada Shopper (GB)',
    );
    expect(screen.queryByText('Ships to')).toBeNull();
    const [sent] = gateway.sent('POST /api/v1/orders');
    expect(sent!.body).toMatchObject({ shippingMethod: 'pickup' });
    // The street typed before choosing pickup stays behind.
    expect((sent!.body as { shippingAddress: unknown }).shippingAddress).toEqual({
      name: 'Ada Shopper',
      country: 'GB',
    });
  });
});

describe('the checkout summary', () => {
  const usd = (amount: number) => ({ amount, currency: 'USD' });

  test('shows each line at the price checkout charges, a sale against the struck catalog price', async () => {
    showCheckout(() => json(order(), 201), {
      [`GET /api/v1/cart/${cartId}/totals`]: () =>
        json({
          shippingMethod: 'standard',
          taxInclusive: false,
          subtotal: usd(4000),
          shipping: usd(495),
          tax: usd(0),
          total: usd(4495),
          discount: usd(0),
          promotions: [],
          lines: [
            {
              sku: 'A',
              quantity: 2,
              unitPrice: usd(2000),
              listPrice: usd(2500),
              lineTotal: usd(4000),
              discount: usd(0),
              tax: usd(0),
              priceList: { name: 'Winter sale', type: 'sale' },
            },
          ],
        }),
    });
    await screen.findByTestId('checkout-totals');
    const summaryLine = screen.getByText('2 × Parka (A)').closest('li')!;
    expect(summaryLine.textContent).toBe('2 × Parka (A)Was $50.00 $40.00');
    expect(summaryLine.querySelector('s')?.textContent).toBe('$50.00');
  });
});

describe('the shipping choices', () => {
  const usd = (amount: number) => ({ amount, currency: 'USD' });

  test('each shows what it costs this cart, from the shop’s totals for that method', async () => {
    const shippingOf: Record<string, number> = { standard: 0, express: 1495 };
    showCheckout(() => json(order(), 201), {
      [`GET /api/v1/cart/${cartId}/totals`]: ({ search }) => {
        const method = new URLSearchParams(search).get('shippingMethod') ?? 'standard';
        const shipping = shippingOf[method] ?? 0;
        return json({
          shippingMethod: method,
          taxInclusive: false,
          subtotal: usd(5000),
          shipping: usd(shipping),
          tax: usd(0),
          total: usd(5000 + shipping),
          discount: usd(0),
          promotions: [],
          lines: [],
        });
      },
    });
    const standard = (await screen.findByRole('radio', { name: /Standard/ })).closest('label')!;
    const express = screen.getByRole('radio', { name: /Express/ }).closest('label')!;
    await waitFor(() => expect(standard.textContent).toBe('StandardFree'));
    await waitFor(() => expect(express.textContent).toBe('Express$14.95'));
  });
});
