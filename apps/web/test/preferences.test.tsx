// @vitest-environment jsdom
// The account page's e-mail switches: read from the profile, changed one at a time with
// PATCH /users/me/preferences, showing what the profile answers.
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { PreferencesForm } from '../src/pages/account/PreferencesForm';
import { fakeGateway, json, problem } from './support/fake-gateway';
import { renderAt } from './support/render-app';

afterEach(cleanup);

const ALL_ON = { email_verified: true, order_cancelled: true, payment_failed: true, order_shipped: true };

const checkbox = (name: string) => screen.getByRole('checkbox', { name }) as HTMLInputElement;

describe('the e-mail preferences on the account page', () => {
  test('shows the profile switches and sends only the one the shopper changes', async () => {
    const gateway = fakeGateway({
      'GET /api/v1/users/me/preferences': () => json({ email: { ...ALL_ON, payment_failed: false } }),
      'PATCH /api/v1/users/me/preferences': () =>
        json({ email: { ...ALL_ON, payment_failed: false, order_shipped: false } }),
    });
    renderAt(gateway.client, '/account', { '/account': <PreferencesForm /> });

    await screen.findByRole('checkbox', { name: 'Order shipped' });
    expect(checkbox('Order shipped').checked).toBe(true);
    expect(checkbox('Payment failed').checked).toBe(false);

    await userEvent.click(checkbox('Order shipped'));
    await waitFor(() => expect(checkbox('Order shipped').checked).toBe(false));
    expect(gateway.sent('PATCH /api/v1/users/me/preferences').map((r) => r.body)).toEqual([
      { email: { order_shipped: false } },
    ]);
    expect(checkbox('Payment failed').checked).toBe(false);
    expect(gateway.sent('PUT /api/v1/notifications/preferences')).toEqual([]);
  });

  test('waits for the profile that sign-up creates moments later, instead of showing an error', async () => {
    let reads = 0;
    const gateway = fakeGateway({
      'GET /api/v1/users/me/preferences': () =>
        ++reads <= 2
          ? problem(404, 'profile-not-found', 'No profile exists for this account.')
          : json({ email: ALL_ON }),
    });
    renderAt(gateway.client, '/account', { '/account': <PreferencesForm /> });

    await screen.findByRole('checkbox', { name: 'Order shipped' });
    expect(checkbox('Order shipped').checked).toBe(true);
    expect(gateway.sent('GET /api/v1/users/me/preferences')).toHaveLength(3);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('shows any other refusal at once', async () => {
    const gateway = fakeGateway({
      'GET /api/v1/users/me/preferences': () => problem(403, 'forbidden', 'Not yours.'),
    });
    renderAt(gateway.client, '/account', { '/account': <PreferencesForm /> });

    expect((await screen.findByRole('alert')).textContent).toContain('Not yours.');
    expect(gateway.sent('GET /api/v1/users/me/preferences')).toHaveLength(1);
  });

  test('keeps the switch as it was and says why when the change is refused', async () => {
    const gateway = fakeGateway({
      'GET /api/v1/users/me/preferences': () => json({ email: ALL_ON }),
      'PATCH /api/v1/users/me/preferences': () =>
        problem(404, 'profile-not-found', 'No profile exists for this account.'),
    });
    renderAt(gateway.client, '/account', { '/account': <PreferencesForm /> });

    await userEvent.click(await screen.findByRole('checkbox', { name: 'Order cancelled' }));
    expect((await screen.findByRole('alert')).textContent).toBe('No profile exists for this account.');
    expect(checkbox('Order cancelled').checked).toBe(true);
  });
});
