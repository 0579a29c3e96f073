// @vitest-environment jsdom
// The mobile "Exchange an item" form on a delivered order: what it offers, what it asks for (the
// card only for a dearer replacement), what it refuses before sending, and one exchange per
// request even when an answer is lost on the way back.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, expect, test } from 'vitest';
import { OrderScreen } from '../src/screens/order-screen';
import { DECLINED_CARD, fakeGateway } from './support/fake-gateway';
import { renderShop } from './support/render-shop';
import { signedInDevice } from './support/shopper';

afterEach(cleanup);

const usd = (amount: number) => ({ amount, currency: 'USD' });

/** A signed-in shopper's delivered order of two totes, exchangeable for a cheaper, a dearer or a sold-out size. */
async function deliveredOrder() {
  const gateway = fakeGateway();
  const { user, storage, client } = await signedInDevice(gateway);
  const cart = await client.cart.mine();
  await client.cart.addLine(cart.cartId, 'TOTE-1', 2);
  const order = await client.orders.checkout(
    {
      cartId: cart.cartId,
      email: user.email,
      shippingAddress: { name: 'Ada', line1: '1 Row', city: 'London', postalCode: 'N1', country: 'GB' },
      shippingMethod: 'standard',
      paymentToken: '4242424242424242',
    },
    'order-key',
  );
  gateway.ship(order.orderId, { status: 'delivered', fulfillmentStatus: 'fulfilled', shipments: [] });
  const replacement = (sku: string, title: string, price: number, difference: number, available: number) => ({
    sku,
    title,
    price: usd(price),
    difference: usd(difference),
    available,
  });
  gateway.offerExchanges(order.orderId, [
    {
      sku: 'TOTE-1',
      returnable: 2,
      replacements: [
        replacement('TOTE-S', 'Tote – small', 2000, -500, 4),
        replacement('TOTE-L', 'Tote – large', 3000, 500, 4),
        replacement('TOTE-XL', 'Tote – extra large', 3500, 1000, 0),
      ],
    },
  ]);
  renderShop(<OrderScreen orderId={order.orderId} />, { gateway, storage });
  await screen.findByRole('heading', { name: 'Exchange an item' });
  return { gateway, orderId: order.orderId };
}

const type = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
const choose = (name: RegExp) => fireEvent.click(screen.getByRole('radio', { name }));
const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Request exchange' }));

test('asks for a card only for a dearer replacement, and refuses what is missing before sending', async () => {
  const { gateway } = await deliveredOrder();
  submit();
  expect(screen.getAllByRole('alert').map((alert) => alert.textContent)).toEqual([
    'Choose the item to exchange.',
    'Tell us why, so we can help.',
  ]);

  choose(/\(up to 2\)$/);
  choose(/Tote – small/);
  expect(screen.getByRole('status').textContent).toBe(
    'Difference: we refund $5.00 once your items are back.',
  );
  expect(screen.queryByLabelText('Card for the difference')).toBeNull();

  expect(screen.getByRole('radio', { name: /extra large.*sold out/ }).getAttribute('aria-disabled')).toBe(
    'true',
  );
  choose(/Tote – large/);
  type('How many', '2');
  expect(screen.getByRole('status').textContent).toBe(
    'Difference: you pay $10.00, authorized now and taken when the replacement ships.',
  );
  type('Why', 'Too small');
  submit();
  expect(screen.getByRole('alert').textContent).toBe('Enter the card to pay the difference with.');
  type('How many', '3');
  submit();
  expect(screen.getAllByRole('alert').map((alert) => alert.textContent)).toContain(
    'Enter a whole number from 1 to 2.',
  );
  expect(gateway.callsTo('POST', /\/exchanges$/)).toEqual([]);
});

test('sends one exchange per request: a declined card is a new try, a lost answer is retried with its key', async () => {
  const { gateway } = await deliveredOrder();
  choose(/\(up to 2\)$/);
  choose(/Tote – large/);
  type('Why', 'Too small');
  type('Card for the difference', DECLINED_CARD);
  submit();
  await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/declined/));

  type('Card for the difference', '4242 4242 4242 4242');
  gateway.loseNextAnswer();
  submit();
  await waitFor(() => expect(gateway.callsTo('POST', /\/exchanges$/)).toHaveLength(2));
  // The answer never came: the shopper is told, and sends it again.
  await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/try again/));
  submit();

  const returns = within(await screen.findByRole('list', { name: 'Returns' })).getAllByRole('listitem');
  expect(returns).toHaveLength(1);
  expect(returns[0]!.textContent).toContain('Exchange 1 · Requested');
  expect(returns[0]!.textContent).toContain('For 1 × Tote – large');
  expect(returns[0]!.textContent).toContain('Difference $5.00');
  const [declined, lost, retried] = gateway.callsTo('POST', /\/exchanges$/);
  expect(retried!.idempotencyKey).toBe(lost!.idempotencyKey);
  expect(lost!.idempotencyKey).not.toBe(declined!.idempotencyKey);
  expect(retried!.body).toEqual({
    sku: 'TOTE-1',
    quantity: 1,
    replacementSku: 'TOTE-L',
    reason: 'Too small',
    paymentToken: '4242424242424242',
  });
  // Both units' worth were offered; one is now claimed, so the form offers the other.
  expect(await screen.findByRole('radio', { name: /\(up to 1\)$/ })).toBeTruthy();
});
