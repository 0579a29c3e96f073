// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { useEffect } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { CartScreen } from '../src/screens/cart-screen';
import { ProductScreen } from '../src/screens/product-screen';
import { SignInScreen } from '../src/screens/sign-in-screen';
import { CART_ID_KEY } from '../src/shop/cart-keeper';
import { useCart } from '../src/shop/shop-provider';
import { fakeGateway } from './support/fake-gateway';
import { fakeStorage, renderShop } from './support/render-shop';

afterEach(cleanup);

/** What the cart tab does with useFocusEffect: read the cart again when shown. */
function ReloadOnFocus() {
  const { reload } = useCart();
  useEffect(() => reload(), [reload]);
  return null;
}

const addToCart = async (name: RegExp | string) => {
  fireEvent.click(await screen.findByRole('button', { name }));
  await screen.findByText(/^Added /);
};

describe('product detail', () => {
  test('shows the chosen variant price and stock, and cannot add a sold-out size', async () => {
    renderShop(<ProductScreen slug="trail-runner" onOpenCart={() => {}} />);

    expect(await screen.findByLabelText('Price $89.99')).toBeTruthy();
    expect(screen.getByText('In stock')).toBeTruthy();

    fireEvent.click(screen.getByRole('radio', { name: 'size 42' }));
    expect(screen.getByText('Only 2 left')).toBeTruthy();

    fireEvent.click(screen.getByRole('radio', { name: 'size 43, out of stock' }));
    expect(screen.getByLabelText('Price $94.99')).toBeTruthy();
    expect(
      screen
        .getByRole('button', { name: 'Add Trail Runner, Size 43, to cart' })
        .getAttribute('aria-disabled'),
    ).toBe('true');
  });
});

describe('cart', () => {
  test('the first add creates a guest cart whose id survives a restart of the app', async () => {
    const gateway = fakeGateway();
    const storage = fakeStorage();
    const first = renderShop(<ProductScreen slug="trail-runner" onOpenCart={() => {}} />, {
      gateway,
      storage,
    });
    fireEvent.click(await screen.findByRole('button', { name: 'More' }));
    await addToCart('Add Trail Runner, Size 41, to cart');

    const cartId = storage.items.get(CART_ID_KEY);
    expect(cartId).toBeDefined();
    expect(gateway.cart(cartId!)?.lines).toEqual([{ sku: 'TR-41', quantity: 2 }]);
    first.unmount();

    renderShop(<CartScreen onCheckout={() => {}} />, { gateway, storage });
    expect(await screen.findByText('Trail Runner — Size 41')).toBeTruthy();
    expect(screen.getByLabelText('Subtotal $179.98')).toBeTruthy();
    expect(gateway.callsTo('POST', '/cart')).toHaveLength(1);
  });

  test('changes quantities and removes lines, keeping the subtotal right', async () => {
    const gateway = fakeGateway();
    const storage = fakeStorage();
    renderShop(
      <>
        <ProductScreen slug="canvas-tote" onOpenCart={() => {}} />
        <CartScreen onCheckout={() => {}} />
      </>,
      { gateway, storage },
    );
    await addToCart('Add Canvas Tote, Natural, to cart');

    fireEvent.click(await screen.findByRole('button', { name: 'One more Canvas Tote — Natural' }));
    await waitFor(() => expect(screen.getByLabelText('Subtotal $50.00')).toBeTruthy());
    expect(screen.getByLabelText('Quantity of Canvas Tote — Natural: 2')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Remove Canvas Tote — Natural' }));
    expect(await screen.findByText('Your cart is empty')).toBeTruthy();
    expect(gateway.cart(storage.items.get(CART_ID_KEY)!)?.lines).toEqual([]);
  });

  test('shows the service’s words when there is not enough stock', async () => {
    renderShop(<ProductScreen slug="trail-runner" onOpenCart={() => {}} />);
    fireEvent.click(await screen.findByRole('radio', { name: 'size 42' }));
    await addToCart('Add Trail Runner, Size 42, to cart');
    fireEvent.click(screen.getByRole('button', { name: 'More' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add Trail Runner, Size 42, to cart' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Only 2 of Trail Runner left.');
  });

  test('signing in merges the guest cart into the account’s cart', async () => {
    const gateway = fakeGateway();
    const storage = fakeStorage();
    const shopper = gateway.registerAccount('ada@example.com', 'correct horse battery');
    gateway.activeCartOf(shopper.id).lines.push({ sku: 'TOTE-1', quantity: 1 });
    renderShop(
      <>
        <ProductScreen slug="trail-runner" onOpenCart={() => {}} />
        <SignInScreen onSignedIn={() => {}} />
        <CartScreen onCheckout={() => {}} />
      </>,
      { gateway, storage },
    );
    await addToCart('Add Trail Runner, Size 41, to cart');
    const guestCartId = storage.items.get(CART_ID_KEY);

    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'ada@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'correct horse battery' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByText('Canvas Tote — Natural')).toBeTruthy();
    expect(screen.getByText('Trail Runner — Size 41')).toBeTruthy();
    expect(gateway.callsTo('POST', '/cart/merge').map((call) => call.body)).toEqual([
      { cartId: guestCartId },
    ]);
    const accountCartId = gateway.activeCartOf(shopper.id).cartId;
    expect(storage.items.get(CART_ID_KEY)).toBe(accountCartId);
    expect(gateway.cart(guestCartId!)?.status).toBe('merged');
  });

  test('a screen that reloads the cart whenever it gains focus reads it once per focus, not in a loop', async () => {
    const gateway = fakeGateway();
    const storage = fakeStorage();
    const first = renderShop(<ProductScreen slug="canvas-tote" onOpenCart={() => {}} />, {
      gateway,
      storage,
    });
    await addToCart('Add Canvas Tote, Natural, to cart');
    first.unmount();
    const cartId = storage.items.get(CART_ID_KEY)!;

    renderShop(
      <>
        <ReloadOnFocus />
        <CartScreen onCheckout={() => {}} />
      </>,
      { gateway, storage },
    );
    await screen.findByText('Canvas Tote — Natural');
    // Let any reload the last answer would trigger run before counting.
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(gateway.callsTo('GET', `/cart/${cartId}`).length).toBeLessThanOrEqual(2);
  });
});
