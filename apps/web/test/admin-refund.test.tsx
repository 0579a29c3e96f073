// @vitest-environment jsdom
// An admin's refund carries an Idempotency-Key: clicking again after a lost answer resends the
// same key (the order service applies the refund once), while a changed amount is a new refund.
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { AdminOrderPage } from '../src/admin/AdminOrderPage';
import { order } from './support/builders';
import { fakeGateway, json, problem } from './support/fake-gateway';
import { renderAt } from './support/render-app';

afterEach(cleanup);

const placed = order();
const refundRoute = `POST /api/v1/admin/orders/${placed.orderId}/refund`;

describe('an admin refund', () => {
  test('keeps its key across a retry and takes a new one for another amount', async () => {
    let answers = 0;
    const gateway = fakeGateway({
      [`GET /api/v1/admin/orders/${placed.orderId}`]: () => json(placed),
      'GET /api/v1/admin/payments': () => json({ payments: [] }),
      [refundRoute]: () =>
        ++answers === 1
          ? problem(503, 'payment-unavailable', 'The payment service did not answer; retry the action.')
          : json(placed),
    });
    renderAt(gateway.client, `/admin/orders/${placed.orderId}`, {
      '/admin/orders/:orderId': <AdminOrderPage />,
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Reason'), 'Damaged in transit');
    await user.type(screen.getByLabelText(/Refund amount/), '1.00');
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    expect(await screen.findByText(/did not answer/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    await waitFor(() => expect(gateway.sent(refundRoute)).toHaveLength(2));

    await user.type(screen.getByLabelText('Reason'), 'Damaged in transit');
    await user.type(screen.getByLabelText(/Refund amount/), '2.00');
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    await waitFor(() => expect(gateway.sent(refundRoute)).toHaveLength(3));

    const keys = gateway.sent(refundRoute).map((request) => request.headers.get('idempotency-key'));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });
});
