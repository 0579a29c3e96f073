// @vitest-environment jsdom
import { createEmporiumClient } from '@emporium/api-client';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { CheckoutScreen } from '../src/screens/checkout-screen';
import { CART_ID_KEY } from '../src/shop/cart-keeper';
import { DECLINED_CARD, fakeGateway, PICKUP_NAME } from './support/fake-gateway';
import { fakeStorage, renderShop } from './support/render-shop';
import { signedInDevice } from './support/shopper';

afterEach(cleanup);

/** A signed-in shopper with a tote in the cart, on the checkout screen. */
async function checkoutWithTote(options: Parameters<typeof fakeGateway>[0] = {}) {
  const gateway = fakeGateway(options);
  const { storage, client } = await signedInDevice(gateway);
  const { cartId } = await client.cart.mine();
  await client.cart.addLine(cartId, 'TOTE-1', 1);
  const onPlaced = vi.fn();
  renderShop(<CheckoutScreen onPlaced={onPlaced} onSignIn={() => {}} />, { gateway, storage });
  await screen.findByRole('button', { name: 'Place order' });
  return { gateway, storage, onPlaced, cartId, client };
}

const type = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

function fillAddress() {
  type('E-mail', 'ada@example.com');
  type('Full name', 'Ada Lovelace');
  type('Street and number', '12 Analytical Row');
  type('City', 'London');
  type('Postal code', 'N1 9GU');
  type('Country code', 'gb');
}

// A card valid through December of next year, so the tests read the same in any year.
const VALID_EXPIRY = `12/${String((new Date().getFullYear() + 1) % 100).padStart(2, '0')}`;

function fillCard(number: string, { expiry = VALID_EXPIRY, cvc = '123' } = {}) {
  type('Card number', number);
  type('Expiry (MM/YY)', expiry);
  type('Security code', cvc);
}

const placeOrder = () => fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
const fieldError = (label: string) =>
  screen.getByLabelText(label).parentElement?.querySelector('[role="alert"]')?.textContent;

describe('checkout form', () => {
  test('marks every missing or malformed field and sends nothing', async () => {
    const { gateway } = await checkoutWithTote();
    type('Country code', 'Britain');
    type('E-mail', 'ada@');

    placeOrder();

    expect(fieldError('E-mail')).toBe('Enter an e-mail address like name@example.com.');
    expect(fieldError('Full name')).toBe('Enter the recipient’s name.');
    expect(fieldError('Street and number')).toBe('Enter the street and number.');
    expect(fieldError('City')).toBe('Enter the city.');
    expect(fieldError('Postal code')).toBe('Enter the postal code.');
    expect(fieldError('Country code')).toBe('Use the two-letter country code, e.g. US or DE.');
    expect(fieldError('Card number')).toBe('Enter the card number.');
    expect(fieldError('Expiry (MM/YY)')).toBe('Enter the expiry date as MM/YY.');
    expect(fieldError('Security code')).toBe('Enter the 3 or 4 digit security code.');
    expect(gateway.callsTo('POST', '/orders')).toHaveLength(0);
  });

  test('catches a mistyped card number before it reaches the payment provider', async () => {
    const { gateway } = await checkoutWithTote();
    fillAddress();
    fillCard('4242 4242 4242 4241');

    placeOrder();

    expect(fieldError('Card number')).toBe('This card number is not valid; check the digits.');
    expect(fieldError('Full name')).toBeUndefined();
    expect(fieldError('Expiry (MM/YY)')).toBeUndefined();
    expect(gateway.callsTo('POST', '/orders')).toHaveLength(0);
  });

  test.each([
    ['an expired card', { expiry: '01/20' }, 'Expiry (MM/YY)', 'This card has expired.'],
    [
      'an expiry not written as MM/YY',
      { expiry: '1/2030' },
      'Expiry (MM/YY)',
      'Enter the expiry date as MM/YY.',
    ],
    ['an expiry month past 12', { expiry: '13/30' }, 'Expiry (MM/YY)', 'Enter a month from 01 to 12.'],
    ['a security code of 2 digits', { cvc: '12' }, 'Security code', 'Enter the 3 or 4 digit security code.'],
    [
      'a security code of 5 digits',
      { cvc: '12345' },
      'Security code',
      'Enter the 3 or 4 digit security code.',
    ],
    [
      'a security code with letters',
      { cvc: '12a' },
      'Security code',
      'Enter the 3 or 4 digit security code.',
    ],
  ])('refuses %s beside the field and places no order', async (_case, card, label, message) => {
    const { gateway, onPlaced } = await checkoutWithTote();
    fillAddress();
    fillCard('4242 4242 4242 4242', card);

    placeOrder();

    expect(fieldError(label)).toBe(message);
    for (const other of ['Card number', 'Expiry (MM/YY)', 'Security code'].filter((l) => l !== label)) {
      expect(fieldError(other)).toBeUndefined();
    }
    expect(screen.getByText('Some details need fixing; see the marked fields.')).toBeTruthy();
    expect(gateway.callsTo('POST', '/orders')).toHaveLength(0);
    expect(onPlaced).not.toHaveBeenCalled();
  });

  test('a corrected field loses its mark, and the order then goes through', async () => {
    const { gateway, onPlaced } = await checkoutWithTote();
    fillAddress();
    fillCard('4242 4242 4242 4242', { expiry: '01/20' });
    placeOrder();
    expect(fieldError('Expiry (MM/YY)')).toBe('This card has expired.');

    type('Expiry (MM/YY)', VALID_EXPIRY);
    expect(fieldError('Expiry (MM/YY)')).toBeUndefined();
    placeOrder();

    await waitFor(() => expect(onPlaced).toHaveBeenCalledTimes(1));
    expect(gateway.callsTo('POST', '/orders')).toHaveLength(1);
  });
});

describe('the card', () => {
  test('a valid card places the order; only its payment token leaves the screen', async () => {
    const logged = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level),
    );
    const { gateway, storage, onPlaced } = await checkoutWithTote();
    fillAddress();
    fillCard('4242 4242 4242 4242', { expiry: VALID_EXPIRY, cvc: '7319' });

    placeOrder();

    await waitFor(() => expect(onPlaced).toHaveBeenCalledTimes(1));
    const [placed] = gateway.callsTo('POST', '/orders');
    expect(placed?.body).toMatchObject({ paymentToken: '4242424242424242' });
    // The expiry and security code are checked on the device and go nowhere: not in the request,
    // not in device storage, not in any log line.
    const everywhere = JSON.stringify([
      gateway.callsTo('POST', '/orders'),
      [...storage.items],
      logged.map((spy) => spy.mock.calls),
    ]);
    expect(everywhere).not.toContain(VALID_EXPIRY);
    expect(everywhere).not.toContain('7319');
    expect(JSON.stringify([...storage.items])).not.toContain('4242424242424242');
    for (const spy of logged) spy.mockRestore();
  });
});

describe('pickup', () => {
  test('is offered only where the region has it', async () => {
    await checkoutWithTote();
    fillAddress();
    await screen.findByRole('radio', { name: /^Express shipping/ });
    expect(screen.queryByRole('radio', { name: /^Pickup/ })).toBeNull();
  });

  test('names the region’s pickup option, hides the street fields and sends only the collector’s name and country', async () => {
    const { gateway, onPlaced, cartId } = await checkoutWithTote({ pickup: true });
    type('E-mail', 'ada@example.com');
    type('Full name', 'Ada Lovelace');
    type('Country code', 'gb');

    fireEvent.click(
      await screen.findByRole('radio', {
        name: `Pickup shipping, ${PICKUP_NAME}, no delivery address needed, free`,
      }),
    );
    expect(screen.getByRole('heading', { name: 'Who collects it' })).toBeTruthy();
    for (const street of ['Street and number', 'City', 'Postal code'])
      expect(screen.queryByLabelText(street)).toBeNull();
    fillCard('4242 4242 4242 4242');
    placeOrder();

    await waitFor(() => expect(onPlaced).toHaveBeenCalledTimes(1));
    const [placed] = gateway.callsTo('POST', '/orders');
    expect(placed?.body).toMatchObject({ cartId, shippingMethod: 'pickup' });
    expect((placed!.body as { shippingAddress: unknown }).shippingAddress).toEqual({
      name: 'Ada Lovelace',
      country: 'GB',
    });
  });
});

describe('totals and coupon', () => {
  test('shows the shop’s totals for the chosen shipping option', async () => {
    const { gateway } = await checkoutWithTote();
    fillAddress();

    fireEvent.click(await screen.findByRole('radio', { name: /^Express shipping, 1–2 working days, / }));

    await waitFor(() => expect(screen.getByRole('listitem', { name: /^Express shipping / })).toBeTruthy());
    const quoted = gateway.callsTo('GET', /^\/cart\/[0-9a-f-]+\/totals$/);
    expect(quoted.map((call) => call.search.get('country'))).toContain('GB');
    const total = screen.getByRole('listitem', { name: /^Total / }).getAttribute('aria-label');
    const subtotal = screen.getByRole('listitem', { name: /^Subtotal / }).getAttribute('aria-label');
    // The fake region adds no tax: the total is the subtotal and express shipping.
    const amount = (label: string | null) => Number(label?.replace(/[^\d.]/g, ''));
    expect(amount(total)).toBeCloseTo(amount(subtotal) + 14.95, 2);
  });

  test('a code the shop does not know is refused beside the field, and the order waits for it', async () => {
    const { gateway } = await checkoutWithTote();
    fillAddress();
    fillCard('4242 4242 4242 4242');
    type('Coupon code (optional)', 'NOPE');

    fireEvent.click(screen.getByRole('button', { name: 'Apply coupon' }));

    await waitFor(() =>
      expect(fieldError('Coupon code (optional)')).toBe('We do not know this code; check its spelling.'),
    );
    placeOrder();
    expect(fieldError('Coupon code (optional)')).toBe('Apply this code to see its discount, or clear it.');
    expect(gateway.callsTo('POST', '/orders')).toHaveLength(0);
  });
});

describe('placing the order', () => {
  test('a guest checks out with an e-mail address, and may sign in instead', async () => {
    const onSignIn = vi.fn();
    const onPlaced = vi.fn();
    const gateway = fakeGateway();
    const storage = fakeStorage();
    const client = createEmporiumClient({ baseUrl: 'http://gateway.test', storage, fetch: gateway.fetch });
    const { cartId } = await client.cart.create();
    await client.cart.addLine(cartId, 'TOTE-1', 1);
    storage.items.set(CART_ID_KEY, cartId);
    renderShop(<CheckoutScreen onPlaced={onPlaced} onSignIn={onSignIn} />, { gateway, storage });

    fireEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(onSignIn).toHaveBeenCalled();

    fillAddress();
    fillCard('4242 4242 4242 4242');
    placeOrder();

    await waitFor(() => expect(onPlaced).toHaveBeenCalledTimes(1));
    const [placed] = gateway.callsTo('POST', '/orders');
    expect(placed?.authorization).toBeNull();
    expect(placed?.body).toMatchObject({ cartId, email: 'ada@example.com' });
  });

  test('a declined card reads as a sentence, keeps the cart, and a new card is a new attempt', async () => {
    const { gateway, storage, onPlaced, cartId } = await checkoutWithTote();
    fillAddress();
    fillCard(DECLINED_CARD);

    placeOrder();

    expect(await screen.findByText(/^Your payment was declined: Your card was declined\./)).toBeTruthy();
    expect(screen.getByText(/Your card was not charged/)).toBeTruthy();
    expect(onPlaced).not.toHaveBeenCalled();
    expect(storage.items.get(CART_ID_KEY)).toBe(cartId);

    fillCard('4242 4242 4242 4242');
    placeOrder();

    await waitFor(() => expect(onPlaced).toHaveBeenCalledTimes(1));
    const [declined, accepted] = gateway.callsTo('POST', '/orders');
    expect(accepted?.body).toMatchObject({
      cartId,
      email: 'ada@example.com',
      shippingMethod: 'standard',
      paymentToken: '4242424242424242',
      shippingAddress: { name: 'Ada Lovelace', country: 'GB', city: 'London' },
    });
    expect(accepted?.idempotencyKey).toBeTruthy();
    expect(accepted?.idempotencyKey).not.toBe(declined?.idempotencyKey);
  });

  test('a placed order opens, and the checked-out cart gives way to a new, empty one', async () => {
    const { storage, onPlaced, cartId } = await checkoutWithTote();
    fillAddress();
    fireEvent.click(await screen.findByRole('radio', { name: 'Express shipping, 1–2 working days, $14.95' }));
    fillCard('4242424242424242');

    placeOrder();

    await waitFor(() => expect(onPlaced).toHaveBeenCalledWith(expect.stringMatching(/^[0-9a-f-]{36}$/)));
    await waitFor(() => expect(storage.items.get(CART_ID_KEY)).not.toBe(cartId));
    expect(await screen.findByText('Your cart is empty')).toBeTruthy();
  });

  test('a refusal before any order (empty cart) is shown as the service words it', async () => {
    const { client, cartId } = await checkoutWithTote();
    await client.cart.removeLine(cartId, 'TOTE-1');
    fillAddress();
    fillCard('4242424242424242');

    placeOrder();

    // The cart is read again, so the form gives way to the empty cart, under the service's reason.
    expect(await screen.findByText('Your cart is empty')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('Your cart is empty.');
  });
});
