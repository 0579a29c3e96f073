// @vitest-environment jsdom
// An admin sees the stock locations and adds one, sees a SKU's units per location, and moves
// units between two locations (a retry after a lost answer resends the same Idempotency-Key).
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { StockPage } from '../src/admin/StockPage';
import { fakeGateway, json, problem } from './support/fake-gateway';
import { renderAt } from './support/render-app';

afterEach(cleanup);

const sku = 'MUG-BLUE';
const at = '2026-03-01T10:00:00.000Z';
const location = (code: string, country: string | null, isDefault = false) => ({
  code,
  name: `Warehouse ${code}`,
  country,
  shipsTo: null,
  default: isDefault,
  createdAt: at,
  updatedAt: at,
});
const transferRoute = `POST /api/v1/admin/stock/${sku}/transfers`;

describe('the admin stock locations', () => {
  test('lists and adds locations, shows a SKU per location, and transfers once across a retry', async () => {
    const locations = [location('default', null, true), location('berlin', 'DE')];
    const units: Record<string, number> = { default: 8, berlin: 0 };
    let transfers = 0;
    const gateway = fakeGateway({
      'GET /api/v1/admin/stock/low': () => json({ items: [] }),
      'GET /api/v1/admin/stock-locations': () => json({ items: locations }),
      'POST /api/v1/admin/stock-locations': (request) => {
        const body = request.body as { code: string; country: string };
        const added = location(body.code, body.country);
        locations.push(added);
        return json(added, 201);
      },
      [`GET /api/v1/admin/stock/${sku}/ledger`]: () => json({ items: [], nextCursor: null }),
      [`GET /api/v1/admin/stock/${sku}/locations`]: () =>
        json({
          level: { sku, productId: 'p-1', title: 'Mug', available: 8, reserved: 0, lowStockThreshold: 2 },
          locations: locations.map((l) => ({ location: l.code, available: units[l.code] ?? 0, reserved: 0 })),
        }),
      [transferRoute]: (request) => {
        if (++transfers === 1) return problem(503, 'unavailable', 'The product service did not answer.');
        const { from, to, quantity } = request.body as { from: string; to: string; quantity: number };
        units[from] = (units[from] ?? 0) - quantity;
        units[to] = (units[to] ?? 0) + quantity;
        const entry = (code: string, delta: number) => ({
          id: String(transfers),
          sku,
          location: code,
          kind: 'transfer',
          availableDelta: delta,
          reservedDelta: 0,
          availableBefore: units[code]! - delta,
          availableAfter: units[code],
          reservedBefore: 0,
          reservedAfter: 0,
          actor: 'admin:a-1',
          reason: null,
          note: null,
          reference: 't-1',
          at,
        });
        return json({
          sku,
          transferId: 't-1',
          entries: [entry(from, -quantity), entry(to, quantity)],
          locations: [
            { location: from, available: units[from], reserved: 0 },
            { location: to, available: units[to], reserved: 0 },
          ],
        });
      },
    });
    renderAt(gateway.client, '/admin/stock', { '/admin/stock': <StockPage /> });
    const user = userEvent.setup();

    const list = await screen.findByRole('table', { name: 'Stock locations' });
    expect(within(list).getByText('default (default)')).toBeTruthy();
    expect(within(list).getByText('DE')).toBeTruthy();

    await user.type(screen.getByLabelText('Code'), 'Bad Code');
    await user.type(screen.getByLabelText('Name'), 'Lyon');
    await user.type(screen.getByLabelText('Country'), 'fr');
    await user.click(screen.getByRole('button', { name: 'Add location' }));
    expect(await screen.findByText('Lower-case letters, digits and dashes (up to 40).')).toBeTruthy();
    expect(gateway.sent('POST /api/v1/admin/stock-locations')).toHaveLength(0);
    await user.clear(screen.getByLabelText('Code'));
    await user.type(screen.getByLabelText('Code'), 'lyon');
    await user.click(screen.getByRole('button', { name: 'Add location' }));
    expect(await within(list).findByText('Warehouse lyon')).toBeTruthy();
    expect(gateway.sent('POST /api/v1/admin/stock-locations').map((r) => r.body)).toEqual([
      { code: 'lyon', name: 'Lyon', country: 'FR', shipsTo: null },
    ]);

    await user.type(screen.getByLabelText('SKU to inspect'), sku);
    await user.click(screen.getByRole('button', { name: 'Show history' }));
    const perLocation = await screen.findByRole('table', { name: `Stock of ${sku} by location` });
    expect(within(perLocation).getByText('berlin')).toBeTruthy();

    await user.selectOptions(screen.getByLabelText('From'), 'default');
    await user.selectOptions(screen.getByLabelText('To'), 'berlin');
    await user.type(screen.getByLabelText('Units to move'), '3');
    await user.click(screen.getByRole('button', { name: 'Transfer' }));
    expect(await screen.findByText(/did not answer/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Transfer' }));
    expect(await screen.findByText('Moved 3 to berlin.')).toBeTruthy();
    const sent = gateway.sent(transferRoute);
    expect(sent.map((request) => request.body)).toEqual([
      { from: 'default', to: 'berlin', quantity: 3 },
      { from: 'default', to: 'berlin', quantity: 3 },
    ]);
    expect(sent[1]!.headers.get('idempotency-key')).toBe(sent[0]!.headers.get('idempotency-key'));
  });

  test('edits a location sending only what changed, and deletes one unless it holds units', async () => {
    const locations = [location('default', null, true), location('berlin', 'DE'), location('lyon', 'FR')];
    const gateway = fakeGateway({
      'GET /api/v1/admin/stock/low': () => json({ items: [] }),
      'GET /api/v1/admin/stock-locations': () => json({ items: locations }),
      'PATCH /api/v1/admin/stock-locations/berlin': (request) => {
        Object.assign(locations[1]!, request.body);
        return json(locations[1]);
      },
      'DELETE /api/v1/admin/stock-locations/berlin': () =>
        problem(
          409,
          'location-holds-stock',
          'berlin still holds units (available or reserved); transfer them out first.',
        ),
      'DELETE /api/v1/admin/stock-locations/lyon': () => {
        locations.splice(2, 1);
        return new Response(null, { status: 204 });
      },
    });
    renderAt(gateway.client, '/admin/stock', { '/admin/stock': <StockPage /> });
    const user = userEvent.setup();
    const list = await screen.findByRole('table', { name: 'Stock locations' });
    // The default location cannot be deleted: no button offers it.
    expect(within(list).queryByRole('button', { name: 'Delete default' })).toBeNull();

    await user.click(within(list).getByRole('button', { name: 'Edit berlin' }));
    const edit = within(list).getByRole('form', { name: 'Edit berlin' });
    await user.clear(within(edit).getByLabelText('Name'));
    await user.click(within(edit).getByRole('button', { name: 'Save' }));
    expect(within(edit).getByText('Enter a name.')).toBeTruthy();
    await user.type(within(edit).getByLabelText('Name'), 'Berlin Nord');
    await user.type(within(edit).getByLabelText('Ships to'), 'de, at');
    await user.click(within(edit).getByRole('button', { name: 'Save' }));
    expect(await within(list).findByText('Berlin Nord')).toBeTruthy();
    expect(within(list).getByText('DE, AT')).toBeTruthy();
    expect(gateway.sent('PATCH /api/v1/admin/stock-locations/berlin').map((r) => r.body)).toEqual([
      { name: 'Berlin Nord', shipsTo: ['DE', 'AT'] },
    ]);

    await user.click(within(list).getByRole('button', { name: 'Delete berlin' }));
    expect(await within(list).findByText(/still holds units/)).toBeTruthy();
    expect(within(list).getByText('Berlin Nord')).toBeTruthy();

    await user.click(within(list).getByRole('button', { name: 'Delete lyon' }));
    await waitFor(() => expect(within(list).queryByText('Warehouse lyon')).toBeNull());
    expect(gateway.sent('DELETE /api/v1/admin/stock-locations/lyon')).toHaveLength(1);
  });
});
