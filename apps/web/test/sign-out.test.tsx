// @vitest-environment jsdom
// Signing out from the account page, where a phone finds it (the header keeps "Sign out" for
// wider screens): the session ends and the shopper lands on the home page.
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { SignOutButton } from '../src/auth/SignOutButton';
import { fakeGateway, json } from './support/fake-gateway';
import { renderAt } from './support/render-app';

afterEach(cleanup);

describe('signing out', () => {
  test('signs out and goes home', async () => {
    const gateway = fakeGateway({ 'POST /api/v1/auth/logout': () => json({}, 200) });
    renderAt(gateway.client, '/account', { '/account': <SignOutButton />, '/': <p>Home</p> });
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/'));
  });
});
