// @vitest-environment jsdom
import { ApiError, type CheckoutRequest } from '@emporium/api-client';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Linking, Text } from 'react-native';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { NotificationsScreen } from '../src/screens/notifications-screen';
import { OrderScreen } from '../src/screens/order-screen';
import { OrdersScreen } from '../src/screens/orders-screen';
import { useUnread } from '../src/shop/shop-provider';
import { DECLINED_CARD, fakeGateway } from './support/fake-gateway';
import { renderShop } from './support/render-shop';
import { signedInDevice } from './support/shopper';

afterEach(cleanup);

const uuidOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const address = {
  name: 'Ada Lovelace',
  line1: '12 Analytical Row',
  city: 'London',
  postalCode: 'N1 9GU',
  country: 'GB',
};

/** A signed-in shopper who has bought a tote (with `card`). */
/** The last device shopperWithOrder signed in, for a test whose checkout was refused. */
let lastDevice:
  | {
      gateway: ReturnType<typeof fakeGateway>;
      storage: Awaited<ReturnType<typeof signedInDevice>>['storage'];
    }
  | undefined;

async function shopperWithOrder(
  card = '4242424242424242',
  delivery: Pick<CheckoutRequest, 'shippingAddress' | 'shippingMethod'> = {
    shippingAddress: address,
    shippingMethod: 'standard',
  },
) {
  const gateway = fakeGateway({ pickup: delivery.shippingMethod === 'pickup' });
  const { user, storage, client } = await signedInDevice(gateway);
  lastDevice = { gateway, storage };
  const cart = await client.cart.mine();
  await client.cart.addLine(cart.cartId, 'TOTE-1', 2);
  const order = await client.orders.checkout(
    {
      cartId: cart.cartId,
      email: user.email,
      ...delivery,
      paymentToken: card,
    },
    'test-order-1',
  );
  return { gateway, storage, user, order };
}

describe('orders', () => {
  test('lists the shopper’s orders and opens one', async () => {
    const { gateway, storage, order } = await shopperWithOrder();
    const onOpenOrder = vi.fn();
    renderShop(<OrdersScreen onOpenOrder={onOpenOrder} onSignIn={() => {}} />, { gateway, storage });

    fireEvent.click(
      await screen.findByRole('link', { name: `Order ${order.orderNumber}, Confirmed, $54.95` }),
    );

    expect(onOpenOrder).toHaveBeenCalledWith(order.orderId);
  });

  test('asks a guest to sign in instead of listing orders', async () => {
    const onSignIn = vi.fn();
    const { gateway } = renderShop(<OrdersScreen onOpenOrder={() => {}} onSignIn={onSignIn} />);

    fireEvent.click(await screen.findByRole('button', { name: 'Sign in' }));

    expect(onSignIn).toHaveBeenCalled();
    expect(gateway.callsTo('GET', '/orders')).toHaveLength(0);
  });

  test('an order shows its totals and its status timeline', async () => {
    const { gateway, storage, order } = await shopperWithOrder();
    renderShop(<OrderScreen orderId={order.orderId} />, { gateway, storage });

    expect(await screen.findByLabelText('Status: Confirmed')).toBeTruthy();
    expect(screen.getByLabelText('Total $54.95')).toBeTruthy();
    const timeline = within(screen.getByRole('list', { name: 'Status timeline' }));
    expect(timeline.getAllByRole('listitem').map((step) => step.textContent?.split(/\d/)[0])).toEqual([
      'Placed',
      'Confirmed',
    ]);
  });

  test('a pickup order says where it is collected, with no street address', async () => {
    const { gateway, storage, order } = await shopperWithOrder('4242424242424242', {
      shippingAddress: { name: 'Ada Lovelace', country: 'GB' },
      shippingMethod: 'pickup',
    });
    renderShop(<OrderScreen orderId={order.orderId} />, { gateway, storage });

    expect(await screen.findByRole('heading', { name: 'Collection' })).toBeTruthy();
    expect(screen.getAllByText('Pickup at Click and collect').length).toBeGreaterThan(0);
    expect(screen.getByText(/^Ada Lovelace\s+GB$/)).toBeTruthy();
    expect(screen.queryByText(/undefined/)).toBeNull();
  });

  test('an order lists its parcels, with a tracking link where the carrier has one', async () => {
    const { gateway, storage, order } = await shopperWithOrder();
    const at = new Date().toISOString();
    gateway.ship(order.orderId, {
      fulfillmentStatus: 'partially_fulfilled',
      shipments: [
        {
          shipmentId: uuidOf(1),
          number: 1,
          status: 'shipped',
          carrier: 'DHL',
          trackingNumber: 'JD0001',
          trackingUrl: 'https://www.dhl.com/track?id=JD0001',
          lines: [{ sku: 'TOTE-1', title: 'Tote', quantity: 1 }],
          createdAt: at,
        },
        {
          shipmentId: uuidOf(2),
          number: 2,
          status: 'delivered',
          carrier: 'Acme Post',
          trackingNumber: 'AP-7',
          lines: [{ sku: 'TOTE-1', title: 'Tote', quantity: 1 }],
          createdAt: at,
          deliveredAt: at,
        },
      ],
    });
    const openURL = vi.spyOn(Linking, 'openURL').mockResolvedValue(true);
    renderShop(<OrderScreen orderId={order.orderId} />, { gateway, storage });

    const parcels = within(await screen.findByRole('list', { name: 'Shipments' })).getAllByRole('listitem');
    expect(
      parcels.map((parcel) => parcel.textContent?.split('·')[1]?.match(/On its way|Delivered/)?.[0]),
    ).toEqual(['On its way', 'Delivered']);
    expect(within(parcels[1]!).getByText('Acme Post, tracking number AP-7')).toBeTruthy();
    expect(within(parcels[1]!).queryByRole('link')).toBeNull();
    fireEvent.click(within(parcels[0]!).getByRole('link', { name: 'Track parcel 1' }));
    expect(openURL).toHaveBeenCalledWith('https://www.dhl.com/track?id=JD0001');
    openURL.mockRestore();
  });

  test('a delivered order lists its returns and exchanges with their state and money', async () => {
    const { gateway, storage, order } = await shopperWithOrder();
    gateway.ship(order.orderId, {
      status: 'delivered',
      fulfillmentStatus: 'fulfilled',
      shipments: [],
      returns: [
        {
          returnId: uuidOf(3),
          number: 1,
          kind: 'return',
          status: 'received',
          reason: 'Too big',
          lines: [{ sku: 'TOTE-1', title: 'Tote', quantity: 1 }],
          refund: { amount: 2500, currency: 'USD' },
          refundShipping: false,
          createdAt: new Date().toISOString(),
        },
        {
          returnId: uuidOf(4),
          number: 2,
          kind: 'exchange',
          status: 'exchanged',
          reason: 'Too small',
          lines: [{ sku: 'TOTE-1', title: 'Tote', quantity: 1 }],
          replacement: { sku: 'TOTE-2', title: 'Tote – large', quantity: 1 },
          charge: { amount: 500, currency: 'USD' },
          refundShipping: false,
          createdAt: new Date().toISOString(),
        },
      ],
    });
    renderShop(<OrderScreen orderId={order.orderId} />, { gateway, storage });
    const [listed, exchanged] = within(await screen.findByRole('list', { name: 'Returns' })).getAllByRole(
      'listitem',
    );
    expect(listed!.textContent).toContain('Return 1 · Received: refund on its way');
    expect(listed!.textContent).toContain('Refund $25.00');
    expect(exchanged!.textContent).toContain('Exchange 2 · Exchanged: replacement shipped');
    expect(exchanged!.textContent).toContain('For 1 × Tote – large');
    expect(exchanged!.textContent).toContain('Difference $5.00');
  });

  test('a failed checkout, opened by its id, tells why and stays out of the order list', async () => {
    const refusal = await shopperWithOrder(DECLINED_CARD).catch((error: ApiError) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    const attemptId = (refusal as ApiError).extension<string>('attemptId')!;
    const { gateway, storage } = lastDevice!;
    renderShop(<OrderScreen orderId={attemptId} />, { gateway, storage });

    expect(await screen.findByLabelText('Status: Checkout failed')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/^Your payment was declined/);
    cleanup();
    renderShop(<OrdersScreen onOpenOrder={() => {}} onSignIn={() => {}} />, { gateway, storage });
    expect(await screen.findByText(/no orders/i)).toBeTruthy();
  });
});

function UnreadBadge() {
  const { unread } = useUnread();
  return <Text>{unread} unread</Text>;
}

describe('notifications', () => {
  test('counts unread notifications, and opening one marks it read and follows its link', async () => {
    const { gateway, storage, user, order } = await shopperWithOrder();
    gateway.notify(user.id, 'Welcome to Emporium');
    gateway.notify(user.id, `Order ${order.orderNumber} confirmed`, `/orders/${order.orderId}`);
    const onOpenLink = vi.fn();
    renderShop(
      <>
        <UnreadBadge />
        <NotificationsScreen onOpenLink={onOpenLink} onSignIn={() => {}} />
      </>,
      { gateway, storage },
    );

    expect(await screen.findByText('2 unread')).toBeTruthy();
    fireEvent.click(
      await screen.findByRole('button', { name: `Unread: Order ${order.orderNumber} confirmed` }),
    );

    expect(await screen.findByText('1 unread')).toBeTruthy();
    expect(onOpenLink).toHaveBeenCalledWith(`/orders/${order.orderId}`);
    await waitFor(() =>
      expect(screen.getByRole('button', { name: `Order ${order.orderNumber} confirmed` })).toBeTruthy(),
    );
    expect(screen.getByRole('button', { name: 'Mark all 1 as read' })).toBeTruthy();
  });
});
