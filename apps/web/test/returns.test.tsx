// @vitest-environment jsdom
// Returns in the web app: a shopper asks to return items of a delivered order under one
// Idempotency-Key per request (resent on a retry); an admin approves, receives line by line and
// refunds, each step sending what the order service needs.
import type { Order, OrderReturn } from '@emporium/api-client';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { AdminOrderPage } from '../src/admin/AdminOrderPage';
import { OrderPage } from '../src/pages/storefront/OrderPage';
import { order } from './support/builders';
import { fakeGateway, json, problem } from './support/fake-gateway';
import { renderAt } from './support/render-app';

afterEach(cleanup);

const usd = (amount: number) => ({ amount, currency: 'USD' });
const at = new Date().toISOString();
const delivered = order({
  status: 'delivered',
  fulfillmentStatus: 'fulfilled',
  lines: [
    {
      sku: 'MUG-BLUE',
      productId: 'p1',
      title: 'Blue mug',
      quantity: 2,
      unitPrice: usd(1000),
      lineTotal: usd(2000),
    },
    {
      sku: 'TEE-M',
      productId: 'p2',
      title: 'T-shirt',
      quantity: 1,
      unitPrice: usd(1500),
      lineTotal: usd(1500),
    },
  ],
});
const returnOf = (status: OrderReturn['status'], extra: Partial<OrderReturn> = {}): OrderReturn => ({
  returnId: '66666666-6666-4666-8666-666666666666',
  number: 1,
  kind: 'return',
  status,
  reason: 'Too small',
  lines: [{ sku: 'TEE-M', title: 'T-shirt', quantity: 1 }],
  refundShipping: false,
  createdAt: at,
  ...extra,
});
const withReturn = (ret: OrderReturn): Order => ({ ...delivered, returns: [ret] });

describe('returns', () => {
  test('a shopper asks to return a T-shirt, and a retry resends the same key', async () => {
    const route = `POST /api/v1/orders/${delivered.orderId}/returns`;
    let answers = 0;
    const gateway = fakeGateway({
      [`GET /api/v1/orders/${delivered.orderId}`]: () => json(delivered),
      [route]: () =>
        ++answers === 1
          ? problem(503, 'unavailable', 'The shop did not answer; try again.')
          : json({ ...withReturn(returnOf('requested')), returnId: returnOf('requested').returnId }, 201),
    });
    renderAt(gateway.client, `/orders/${delivered.orderId}`, { '/orders/:orderId': <OrderPage /> });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Return items' });
    await user.click(within(form).getByRole('button', { name: 'Request return' }));
    expect(within(form).getByText('Choose at least one item to return.')).toBeTruthy();
    await user.type(within(form).getByLabelText(/T-shirt: how many to return \(up to 1\)/), '1');
    await user.type(within(form).getByLabelText('Reason'), 'Too small');
    await user.click(within(form).getByRole('button', { name: 'Request return' }));
    expect(await screen.findByText(/did not answer/)).toBeTruthy();
    await user.click(within(form).getByRole('button', { name: 'Request return' }));
    await waitFor(() => expect(gateway.sent(route)).toHaveLength(2));
    const [first, retry] = gateway.sent(route);
    expect(first!.body).toEqual({ lines: [{ sku: 'TEE-M', quantity: 1 }], reason: 'Too small' });
    expect(retry!.headers.get('idempotency-key')).toBe(first!.headers.get('idempotency-key'));
    const listed = await screen.findByRole('listitem', { name: 'Return 1' });
    expect(within(listed).getByText(/requested, waiting for the shop/)).toBeTruthy();
    // Only the mugs can still be returned.
    expect(screen.queryByLabelText(/T-shirt: how many/)).toBeNull();
  });

  test('an admin approves, receives line by line and refunds a return', async () => {
    let current = withReturn(returnOf('requested'));
    /** The admin's step moves the order's return on; the page then reads it so. */
    const moveTo = (next: typeof current) => {
      current = next;
      return json(current);
    };
    const base = `/api/v1/admin/orders/${delivered.orderId}/returns/${returnOf('requested').returnId}`;
    const gateway = fakeGateway({
      [`GET /api/v1/admin/orders/${delivered.orderId}`]: () => json(current),
      'GET /api/v1/admin/payments': () => json({ payments: [] }),
      [`POST ${base}/approve`]: () => moveTo(withReturn(returnOf('approved'))),
      [`POST ${base}/receive`]: () =>
        moveTo(withReturn(returnOf('received', { refund: usd(1785), refundShipping: true }))),
      [`POST ${base}/refund`]: () => moveTo(withReturn(returnOf('refunded', { refund: usd(1785) }))),
    });
    renderAt(gateway.client, `/admin/orders/${delivered.orderId}`, {
      '/admin/orders/:orderId': <AdminOrderPage />,
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Approve return 1' }));
    const receipt = await screen.findByRole('form', { name: 'Receive return 1' });
    await user.click(within(receipt).getByLabelText('Back into stock'));
    await user.selectOptions(within(receipt).getByLabelText('Condition'), 'damaged');
    await user.click(within(receipt).getByLabelText('Refund the shipping with this return'));
    await user.click(within(receipt).getByRole('button', { name: 'Mark received' }));
    await user.click(await screen.findByRole('button', { name: 'Refund return 1' }));
    await waitFor(() => expect(gateway.sent(`POST ${base}/refund`)).toHaveLength(1));
    expect(gateway.sent(`POST ${base}/receive`)[0]!.body).toEqual({
      lines: [{ sku: 'TEE-M', restock: false, condition: 'damaged' }],
      refundShipping: true,
    });
    const listed = await screen.findByRole('listitem', { name: 'Return 1' });
    await waitFor(() => expect(within(listed).getByText(/Return 1: refunded/)).toBeTruthy());
    expect(within(listed).getByText(/Refund: \$17\.85/)).toBeTruthy();
  });

  test('a shopper sees an exchange with its replacement and the difference to pay', async () => {
    const exchange = returnOf('approved', {
      kind: 'exchange',
      replacement: { sku: 'TEE-L', title: 'T-shirt – L', quantity: 1 },
      charge: usd(500),
    });
    const gateway = fakeGateway({
      [`GET /api/v1/orders/${delivered.orderId}`]: () => json(withReturn(exchange)),
    });
    renderAt(gateway.client, `/orders/${delivered.orderId}`, { '/orders/:orderId': <OrderPage /> });
    const listed = await screen.findByRole('listitem', { name: 'Exchange 1' });
    expect(within(listed).getByText(/Exchange 1: approved, replacement set aside/)).toBeTruthy();
    expect(within(listed).getByText('In exchange for: 1 × T-shirt – L')).toBeTruthy();
    expect(within(listed).getByText(/Difference to pay: \$5\.00/)).toBeTruthy();
  });

  test('a shopper exchanges a T-shirt for a dearer size, paying the difference by card', async () => {
    const route = `POST /api/v1/orders/${delivered.orderId}/exchanges`;
    const exchange = returnOf('requested', {
      kind: 'exchange',
      reason: 'Too small',
      replacement: { sku: 'TEE-L', title: 'T-shirt – L', quantity: 1 },
      charge: usd(500),
    });
    let answers = 0;
    const gateway = fakeGateway({
      [`GET /api/v1/orders/${delivered.orderId}`]: () => json(delivered),
      [`GET /api/v1/orders/${delivered.orderId}/exchange-options`]: () =>
        json({
          lines: [
            { sku: 'MUG-BLUE', returnable: 2, replacements: [] },
            {
              sku: 'TEE-M',
              returnable: 1,
              replacements: [
                { sku: 'TEE-S', title: 'T-shirt – S', price: usd(1000), difference: usd(-500), available: 3 },
                { sku: 'TEE-L', title: 'T-shirt – L', price: usd(2000), difference: usd(500), available: 2 },
              ],
            },
          ],
        }),
      [route]: () =>
        ++answers === 1
          ? problem(503, 'unavailable', 'The shop did not answer; try again.')
          : json({ ...withReturn(exchange), returnId: exchange.returnId }, 201),
    });
    renderAt(gateway.client, `/orders/${delivered.orderId}`, { '/orders/:orderId': <OrderPage /> });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Exchange an item' });
    // The mugs come in no other variant: only the T-shirt is offered.
    const items = within(form).getByLabelText('Item to exchange');
    expect(within(items).queryByText(/Blue mug/)).toBeNull();
    await user.selectOptions(items, 'TEE-M');

    await user.selectOptions(within(form).getByLabelText('Instead'), 'TEE-S');
    expect(within(form).getByRole('status').textContent).toMatch(
      /we refund \$5\.00 once your items are back/,
    );
    expect(within(form).queryByLabelText('Card for the difference')).toBeNull();

    await user.selectOptions(within(form).getByLabelText('Instead'), 'TEE-L');
    expect(within(form).getByRole('status').textContent).toMatch(/you pay \$5\.00, authorized now/);
    await user.type(within(form).getByLabelText('Why'), 'Too small');
    await user.click(within(form).getByRole('button', { name: 'Request exchange' }));
    expect(within(form).getByText('Enter the card to pay the difference with.')).toBeTruthy();
    expect(gateway.sent(route)).toHaveLength(0);

    await user.type(within(form).getByLabelText('Card for the difference'), '4242 4242 4242 4242');
    await user.click(within(form).getByRole('button', { name: 'Request exchange' }));
    expect(await screen.findByText(/did not answer/)).toBeTruthy();
    await user.click(within(form).getByRole('button', { name: 'Request exchange' }));
    await waitFor(() => expect(gateway.sent(route)).toHaveLength(2));
    const [first, retry] = gateway.sent(route);
    expect(first!.body).toEqual({
      sku: 'TEE-M',
      quantity: 1,
      replacementSku: 'TEE-L',
      reason: 'Too small',
      paymentToken: '4242424242424242',
    });
    expect(retry!.headers.get('idempotency-key')).toBe(first!.headers.get('idempotency-key'));
    const listed = await screen.findByRole('listitem', { name: 'Exchange 1' });
    expect(within(listed).getByText(/Difference to pay: \$5\.00/)).toBeTruthy();
  });
});
