// @vitest-environment jsdom
// An admin sees the promotions with their offer and usage, is told what is wrong with a promotion
// before it is sent, creates a coupon once across a retry, and pauses a running promotion.
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { PromotionsPage } from '../src/admin/PromotionsPage';
import { fakeGateway, json, problem } from './support/fake-gateway';
import { renderAt } from './support/render-app';

afterEach(cleanup);

const promotion = (fields: Record<string, unknown>) => ({
  id: `00000000-0000-4000-8000-00000000000${fields.n}`,
  target: {},
  exclusive: false,
  status: 'active',
  used: 0,
  ...fields,
});

describe('the admin promotions', () => {
  test('lists, validates, creates once across a retry, and pauses', async () => {
    const promotions = [
      promotion({ n: 1, name: 'Winter sale', kind: 'percentage', percent: '15', used: 3, usageLimit: 100 }),
    ];
    let creates = 0;
    const gateway = fakeGateway({
      'GET /api/v1/admin/promotions': () => json({ promotions }),
      'POST /api/v1/admin/promotions': (request) => {
        if (++creates === 1) return problem(503, 'unavailable', 'The pricing service did not answer.');
        const created = promotion({ n: 2, ...(request.body as object) });
        promotions.push(created);
        return json(created, 201);
      },
      [`POST /api/v1/admin/promotions/${promotions[0]!.id}/pause`]: () => {
        promotions[0]!.status = 'paused';
        return json(promotions[0]);
      },
    });
    renderAt(gateway.client, '/admin/promotions', { '/admin/promotions': <PromotionsPage /> });
    const user = userEvent.setup();

    const table = await screen.findByRole('table', { name: 'Promotions' });
    const sale = within(table).getByText('Winter sale').closest('tr')!;
    expect(within(sale).getByText('15 % off')).toBeTruthy();
    expect(within(sale).getByText('3 (of 100)')).toBeTruthy();
    expect(within(sale).getByText('Automatic')).toBeTruthy();

    const form = screen.getByRole('form', { name: 'New promotion' });
    await user.type(within(form).getByLabelText('Name'), 'Ten off');
    await user.type(within(form).getByLabelText('Coupon code'), 'TEN OFF');
    await user.selectOptions(within(form).getByLabelText('Kind'), 'fixed');
    await user.click(within(form).getByRole('button', { name: 'Create promotion' }));
    expect(await within(form).findByText(/Letters, digits, - and _/)).toBeTruthy();
    expect(within(form).getByText('Enter an amount.')).toBeTruthy();
    expect(gateway.sent('POST /api/v1/admin/promotions')).toHaveLength(0);

    await user.clear(within(form).getByLabelText('Coupon code'));
    await user.type(within(form).getByLabelText('Coupon code'), 'TENOFF');
    await user.type(within(form).getByLabelText('Amount off'), '10');
    await user.selectOptions(within(form).getByLabelText('Currency'), 'EUR');
    await user.type(within(form).getByLabelText('Minimum subtotal', { exact: false }), '50');
    await user.type(within(form).getByLabelText('Per customer', { exact: false }), '1');
    await user.click(within(form).getByRole('button', { name: 'Create promotion' }));
    expect(await screen.findByText(/did not answer/)).toBeTruthy();
    await user.click(within(form).getByRole('button', { name: 'Create promotion' }));
    const created = await within(table).findByText('Ten off');
    expect(within(created.closest('tr')!).getByText('€10.00 off on orders from €50.00')).toBeTruthy();
    const sent = gateway.sent('POST /api/v1/admin/promotions');
    expect(sent[1]!.body).toEqual({
      name: 'Ten off',
      kind: 'fixed',
      code: 'TENOFF',
      amount: 1000,
      currency: 'EUR',
      minSubtotal: 5000,
      exclusive: false,
      perCustomerLimit: 1,
    });
    expect(sent[1]!.headers.get('idempotency-key')).toBe(sent[0]!.headers.get('idempotency-key'));

    await user.click(within(sale).getByRole('button', { name: 'Pause Winter sale' }));
    expect(await within(sale).findByText('Paused')).toBeTruthy();
    expect(gateway.sent(`POST /api/v1/admin/promotions/${promotions[0]!.id}/pause`)).toHaveLength(1);
  });
});
