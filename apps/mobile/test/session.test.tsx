// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { AccountScreen } from '../src/screens/account-screen';
import { CART_ID_KEY } from '../src/shop/cart-keeper';
import { fakeGateway } from './support/fake-gateway';
import { fakeStorage, renderShop } from './support/render-shop';
import { PASSWORD, signedInDevice } from './support/shopper';

afterEach(cleanup);

const type = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

async function signIn(email: string, password: string) {
  await screen.findByLabelText('E-mail');
  type('E-mail', email);
  type('Password', password);
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('signing in', () => {
  test('keeps only the refresh token on the device and sends the access token with requests', async () => {
    const gateway = fakeGateway();
    gateway.registerAccount('ada@example.com', PASSWORD);
    const storage = fakeStorage();
    renderShop(<AccountScreen onOpenOrders={() => {}} />, { gateway, storage });

    await signIn('ada@example.com', PASSWORD);

    expect(await screen.findByText('ada@example.com')).toBeTruthy();
    const [session] = gateway.callsTo('POST', '/auth/login');
    expect(session).toBeDefined();
    const stored = [...storage.items.values()];
    expect(stored.some((value) => value.startsWith('refresh-'))).toBe(true);
    expect(stored.some((value) => value.startsWith('access-'))).toBe(false);
    // The account's cart and the unread count are read as the signed-in shopper.
    await waitFor(() => expect(gateway.callsTo('GET', '/cart')).toHaveLength(1));
    expect(gateway.callsTo('GET', '/cart')[0]?.authorization).toMatch(/^Bearer access-/);
    await waitFor(() => expect(gateway.callsTo('GET', '/notifications/unread-count')).toHaveLength(1));
    expect(gateway.callsTo('GET', '/notifications/unread-count')[0]?.authorization).toMatch(
      /^Bearer access-/,
    );
  });

  test('a wrong password says so and leaves nothing on the device', async () => {
    const gateway = fakeGateway();
    gateway.registerAccount('ada@example.com', PASSWORD);
    const { storage } = renderShop(<AccountScreen onOpenOrders={() => {}} />, { gateway });

    await signIn('ada@example.com', 'not my password');

    expect((await screen.findByRole('alert')).textContent).toBe(
      'That e-mail and password do not match an account.',
    );
    expect(storage.items.size).toBe(0);
  });

  test('a new account needs a password of at least 12 characters before anything is sent', async () => {
    const { gateway } = renderShop(<AccountScreen onOpenOrders={() => {}} />);
    fireEvent.click(await screen.findByRole('tab', { name: 'Create account' }));
    type('E-mail', 'grace@example.com');
    type('Password', 'short');

    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));

    expect(screen.getByRole('alert').textContent).toBe('Use at least 12 characters.');
    expect(gateway.callsTo('POST', '/auth/register')).toHaveLength(0);
  });
});

describe('the stored session', () => {
  test('a restart signs back in with the stored refresh token, which is spent and replaced', async () => {
    const gateway = fakeGateway();
    const { storage } = await signedInDevice(gateway);
    const before = new Set(storage.items.values());

    renderShop(<AccountScreen onOpenOrders={() => {}} />, { gateway, storage });

    expect(await screen.findByText('ada@example.com')).toBeTruthy();
    const [refresh] = gateway.callsTo('POST', '/auth/refresh');
    const spent = (refresh!.body as { refreshToken: string }).refreshToken;
    expect(before.has(spent)).toBe(true);
    expect(gateway.isRefreshTokenLive(spent)).toBe(false);
    expect([...storage.items.values()].some((value) => value.startsWith('refresh-') && value !== spent)).toBe(
      true,
    );
  });

  test('a refresh token the server refuses signs the device out and is removed', async () => {
    const gateway = fakeGateway();
    const { storage } = await signedInDevice(gateway);
    for (const [key, value] of storage.items) storage.items.set(key, `${value}-revoked`);

    renderShop(<AccountScreen onOpenOrders={() => {}} />, { gateway, storage });

    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    await waitFor(() =>
      expect([...storage.items.values()].some((value) => value.startsWith('refresh-'))).toBe(false),
    );
  });

  test('signing out ends the session on the server and the device forgets the account’s cart', async () => {
    const gateway = fakeGateway();
    const { storage } = await signedInDevice(gateway);
    renderShop(<AccountScreen onOpenOrders={() => {}} />, { gateway, storage });
    await screen.findByText('ada@example.com');
    await waitFor(() => expect(storage.items.has(CART_ID_KEY)).toBe(true));
    const refreshToken = [...storage.items.values()].find((value) => value.startsWith('refresh-'))!;

    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(gateway.isRefreshTokenLive(refreshToken)).toBe(false);
    expect(storage.items.size).toBe(0);
  });
});
