// @vitest-environment jsdom
// An admin inspects a SKU's stock history, writes stock down with a reason (a retry after a lost
// answer resends the same Idempotency-Key) and sets a counted quantity.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { StockPage } from '../src/admin/StockPage';
import { fakeGateway, json, problem } from './support/fake-gateway';
import { renderAt } from './support/render-app';

afterEach(cleanup);

const sku = 'MUG-BLUE';
const level = (available: number) => ({
  sku,
  productId: 'p-1',
  title: 'Mug — Blue',
  available,
  reserved: 0,
  lowStockThreshold: 2,
});
const entry = (
  id: number,
  kind: string,
  availableDelta: number,
  availableAfter: number,
  reason: string | null,
) => ({
  id: String(id),
  sku,
  location: 'default',
  kind,
  availableDelta,
  reservedDelta: 0,
  availableBefore: availableAfter - availableDelta,
  availableAfter,
  reservedBefore: 0,
  reservedAfter: 0,
  actor: kind === 'initial' ? 'system' : 'admin:a-1',
  reason,
  note: null,
  reference: null,
  at: '2026-03-01T10:00:00.000Z',
});
const adjustRoute = `POST /api/v1/admin/stock/${sku}/adjustments`;
/** The location panels beside the history: one location, where everything is. */
const locationRoutes = {
  'GET /api/v1/admin/stock-locations': () => json({ items: [] }),
  [`GET /api/v1/admin/stock/${sku}/locations`]: () =>
    json({ level: level(10), locations: [{ location: 'default', available: 10, reserved: 0 }] }),
};
const countRoute = `POST /api/v1/admin/stock/${sku}/count`;

describe('the admin stock history', () => {
  test('shows the ledger, writes stock down once across a retry, and sets a count', async () => {
    const ledger = [entry(1, 'initial', 10, 10, 'variant-created')];
    let adjustments = 0;
    const gateway = fakeGateway({
      ...locationRoutes,
      'GET /api/v1/admin/stock/low': () => json({ items: [] }),
      [`GET /api/v1/admin/stock/${sku}/ledger`]: () =>
        json({ items: [...ledger].reverse(), nextCursor: null }),
      [adjustRoute]: (request) => {
        if (++adjustments === 1) return problem(503, 'unavailable', 'The product service did not answer.');
        const body = request.body as { quantity: number; reason: string };
        const written = entry(2, 'adjustment', body.quantity, 10 + body.quantity, body.reason);
        ledger.push(written);
        return json({ level: level(written.availableAfter), entry: written });
      },
      [countRoute]: (request) => {
        const { counted } = request.body as { counted: number };
        const last = ledger.at(-1)!;
        const written = entry(3, 'count', counted - last.availableAfter, counted, 'recount');
        ledger.push(written);
        return json({ level: level(counted), entry: written });
      },
    });
    renderAt(gateway.client, '/admin/stock', { '/admin/stock': <StockPage /> });
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText('SKU to inspect'), sku);
    await user.click(screen.getByRole('button', { name: 'Show history' }));
    const history = await screen.findByRole('table', { name: `Stock history of ${sku}` });
    expect(within(history).getByText('Variant created')).toBeTruthy();

    await user.type(screen.getByLabelText('Units'), '3');
    await user.selectOptions(screen.getByLabelText('Reason'), 'damaged');
    await user.click(screen.getByRole('button', { name: 'Apply adjustment' }));
    expect(await screen.findByText(/did not answer/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Apply adjustment' }));
    expect(await screen.findByText(`${sku}: 7 available (-3).`)).toBeTruthy();
    const sent = gateway.sent(adjustRoute);
    expect(sent.map((request) => request.body)).toEqual([
      { quantity: -3, reason: 'damaged' },
      { quantity: -3, reason: 'damaged' },
    ]);
    expect(sent[0]!.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[1]!.headers.get('idempotency-key')).toBe(sent[0]!.headers.get('idempotency-key'));
    await waitFor(() => expect(within(history).getByText('Adjusted')).toBeTruthy());

    await user.type(screen.getByLabelText('Units counted'), '5');
    await user.click(screen.getByRole('button', { name: 'Set counted quantity' }));
    expect(await screen.findByText(`${sku}: 5 available (-2).`)).toBeTruthy();
    expect(gateway.sent(countRoute).map((request) => request.body)).toEqual([{ counted: 5 }]);
    await waitFor(() => expect(within(history).getByText('Counted')).toBeTruthy());
  });

  test('refuses a write-down without a quantity before sending it', async () => {
    const gateway = fakeGateway({
      ...locationRoutes,
      'GET /api/v1/admin/stock/low': () => json({ items: [] }),
      [`GET /api/v1/admin/stock/${sku}/ledger`]: () => json({ items: [], nextCursor: null }),
    });
    renderAt(gateway.client, '/admin/stock', { '/admin/stock': <StockPage /> });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('SKU to inspect'), sku);
    await user.click(screen.getByRole('button', { name: 'Show history' }));
    await user.click(await screen.findByRole('button', { name: 'Apply adjustment' }));
    expect(await screen.findByText('Enter how many units (1 or more).')).toBeTruthy();
    expect(gateway.sent(adjustRoute)).toHaveLength(0);
  });
});
