// @vitest-environment jsdom
// Shipments in the web app: the shopper's order page lists each parcel with its tracking link;
// the admin creates a parcel of some lines with one Idempotency-Key per parcel, resent on a retry.
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
const orderLine = (sku: string, title: string, quantity: number) => ({
  sku,
  productId: `p-${sku}`,
  title,
  quantity,
  unitPrice: usd(1000),
  lineTotal: usd(1000 * quantity),
});
const at = new Date().toISOString();

const partlyShipped = order({
  lines: [orderLine('MUG-BLUE', 'Blue mug', 2), orderLine('TEE-M', 'T-shirt', 1)],
  fulfillmentStatus: 'partially_fulfilled',
  shipments: [
    {
      shipmentId: '33333333-3333-4333-8333-333333333333',
      number: 1,
      status: 'shipped',
      carrier: 'DHL',
      trackingNumber: 'JD0001',
      trackingUrl: 'https://www.dhl.com/track?id=JD0001',
      lines: [{ sku: 'MUG-BLUE', title: 'Blue mug', quantity: 1 }],
      createdAt: at,
    },
    {
      shipmentId: '44444444-4444-4444-8444-444444444444',
      number: 2,
      status: 'delivered',
      carrier: 'Acme Post',
      trackingNumber: 'AP-7',
      lines: [{ sku: 'TEE-M', title: 'T-shirt', quantity: 1 }],
      createdAt: at,
      deliveredAt: at,
    },
  ],
  timeline: [
    {
      from: 'confirmed',
      to: 'confirmed',
      event: 'shipment_created',
      reason: 'Shipment 1 handed to DHL',
      actor: 'admin:1',
      at,
    },
  ],
});

describe('shipments', () => {
  test("the shopper's order page lists each parcel with its tracking link", async () => {
    const gateway = fakeGateway({
      [`GET /api/v1/orders/${partlyShipped.orderId}`]: () => json(partlyShipped),
    });
    renderAt(gateway.client, `/orders/${partlyShipped.orderId}`, { '/orders/:orderId': <OrderPage /> });
    const first = await screen.findByRole('listitem', { name: 'Shipment 1' });
    expect(
      within(first)
        .getByRole('link', { name: /Track with DHL/ })
        .getAttribute('href'),
    ).toBe('https://www.dhl.com/track?id=JD0001');
    expect(within(first).getByText(/on its way/)).toBeTruthy();
    const second = screen.getByRole('listitem', { name: 'Shipment 2' });
    // No known tracking page for this carrier: the number alone.
    expect(within(second).queryByRole('link')).toBeNull();
    expect(within(second).getByText(/tracking number AP-7/)).toBeTruthy();
    expect(screen.getByText('Partly shipped')).toBeTruthy();
    expect(screen.getByText('Parcel sent')).toBeTruthy();
  });

  test('the admin ships what is left, resending the key on a retry and taking a new one after', async () => {
    const route = `POST /api/v1/admin/orders/${partlyShipped.orderId}/shipments`;
    let answers = 0;
    const gateway = fakeGateway({
      [`GET /api/v1/admin/orders/${partlyShipped.orderId}`]: () => json(partlyShipped),
      'GET /api/v1/admin/payments': () => json({ payments: [] }),
      [route]: () =>
        ++answers === 1
          ? problem(503, 'unavailable', 'The order service did not answer; try again.')
          : json({ ...partlyShipped, shipmentId: '55555555-5555-4555-8555-555555555555' }, 201),
    });
    renderAt(gateway.client, `/admin/orders/${partlyShipped.orderId}`, {
      '/admin/orders/:orderId': <AdminOrderPage />,
    });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Create shipment' });
    // Only what is left: one mug; the T-shirt has shipped.
    const mugs = within(form).getByLabelText(/Blue mug \(MUG-BLUE\), 1 left to ship/);
    expect((mugs as HTMLInputElement).value).toBe('1');
    expect(within(form).queryByLabelText(/T-shirt/)).toBeNull();
    await user.click(within(form).getByRole('button', { name: 'Create shipment' }));
    expect(await within(form).findByText('Name the carrier.')).toBeTruthy();
    expect(gateway.sent(route)).toHaveLength(0);

    await user.type(within(form).getByLabelText('Carrier'), 'UPS');
    await user.type(within(form).getByLabelText(/Tracking number/), '1Z999');
    await user.click(within(form).getByRole('button', { name: 'Create shipment' }));
    expect(await screen.findByText(/did not answer/)).toBeTruthy();
    await user.click(within(form).getByRole('button', { name: 'Create shipment' }));
    await waitFor(() => expect(gateway.sent(route)).toHaveLength(2));
    const [first, retry] = gateway.sent(route);
    expect(first!.body).toEqual({
      lines: [{ sku: 'MUG-BLUE', quantity: 1 }],
      carrier: 'UPS',
      trackingNumber: '1Z999',
    });
    expect(retry!.headers.get('idempotency-key')).toBe(first!.headers.get('idempotency-key'));
    // Once created, another click is another parcel under a key of its own.
    await user.click(within(form).getByRole('button', { name: 'Create shipment' }));
    await waitFor(() => expect(gateway.sent(route)).toHaveLength(3));
    expect(gateway.sent(route)[2]!.headers.get('idempotency-key')).not.toBe(
      first!.headers.get('idempotency-key'),
    );
    // The cancel button is gone: parcels have left.
    expect(screen.queryByRole('button', { name: 'Cancel order' })).toBeNull();
  });
});
