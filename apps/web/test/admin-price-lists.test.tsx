// @vitest-environment jsdom
// An admin creates a customer group and adds a member, creates a price list for the group, and
// edits its tiered prices; a save from a stale version is reported, and a reload shows the
// other admin's prices before any are saved again.
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { CustomerGroupsPage } from '../src/admin/CustomerGroupsPage';
import { PriceListsPage } from '../src/admin/PriceListsPage';
import { fakeGateway, json, problem } from './support/fake-gateway';
import { renderAt } from './support/render-app';

afterEach(cleanup);

const GROUP_ID = '00000000-0000-4000-8000-000000000001';
const LIST_ID = '00000000-0000-4000-8000-000000000002';
const MEMBER = '00000000-0000-4000-8000-0000000000aa';

describe('the admin customer groups', () => {
  test('creates a group and adds a member', async () => {
    const group = { id: GROUP_ID, name: 'Trade', memberCount: 0, members: [] as string[] };
    const gateway = fakeGateway({
      'GET /api/v1/admin/customer-groups': () => json({ customerGroups: group.id ? [group] : [] }),
      'POST /api/v1/admin/customer-groups': () => json({ id: GROUP_ID, name: 'Trade', memberCount: 0 }, 201),
      [`GET /api/v1/admin/customer-groups/${GROUP_ID}`]: () => json(group),
      [`PUT /api/v1/admin/customer-groups/${GROUP_ID}/members/${MEMBER}`]: () => {
        group.members = [MEMBER];
        group.memberCount = 1;
        return json(group);
      },
    });
    renderAt(gateway.client, '/admin/customer-groups', { '/admin/customer-groups': <CustomerGroupsPage /> });
    const user = userEvent.setup();

    const form = await screen.findByRole('form', { name: 'New customer group' });
    await user.click(within(form).getByRole('button', { name: 'Create group' }));
    expect(within(form).getByText('Enter a name.')).toBeTruthy();
    expect(gateway.sent('POST /api/v1/admin/customer-groups')).toHaveLength(0);
    await user.type(within(form).getByLabelText('Name'), 'Trade');
    await user.click(within(form).getByRole('button', { name: 'Create group' }));
    expect(gateway.sent('POST /api/v1/admin/customer-groups')[0]!.body).toEqual({ name: 'Trade' });

    const table = await screen.findByRole('table', { name: 'Customer groups' });
    await user.click(within(table).getByRole('button', { name: 'Members of Trade' }));
    const add = await screen.findByRole('form', { name: 'Add a member' });
    await user.type(within(add).getByLabelText('Customer user id'), MEMBER);
    await user.click(within(add).getByRole('button', { name: 'Add member' }));
    const members = await screen.findByRole('list', { name: 'Members' });
    expect(await within(members).findByText(MEMBER)).toBeTruthy();
    expect(within(table).getByText('1')).toBeTruthy();
  });
});

describe('the admin price lists', () => {
  test('creates a list for a group, saves tiered prices, and reports a stale save', async () => {
    const list = {
      id: LIST_ID,
      name: 'Trade prices',
      description: '',
      type: 'override',
      status: 'active',
      customerGroupIds: [GROUP_ID],
      version: 1,
      entries: [{ sku: 'MUG-1', currency: 'EUR', amount: 900, minQuantity: 1 }],
    };
    let saves = 0;
    const gateway = fakeGateway({
      'GET /api/v1/admin/customer-groups': () =>
        json({ customerGroups: [{ id: GROUP_ID, name: 'Trade', memberCount: 1 }] }),
      'GET /api/v1/admin/price-lists': () =>
        json({ priceLists: [{ ...list, entryCount: list.entries.length }] }),
      'POST /api/v1/admin/price-lists': () => json(list, 201),
      [`GET /api/v1/admin/price-lists/${LIST_ID}`]: () => json(list),
      [`PATCH /api/v1/admin/price-lists/${LIST_ID}`]: (request) => {
        const body = request.body as { version: number; entries: typeof list.entries };
        if (++saves === 2) {
          // Another admin saved meanwhile.
          list.version = 3;
          list.entries = [{ sku: 'MUG-1', currency: 'EUR', amount: 850, minQuantity: 1 }];
          return problem(409, 'price-list-version-conflict', 'The price list changed since version 2.');
        }
        list.version = body.version + 1;
        list.entries = body.entries;
        return json(list);
      },
    });
    renderAt(gateway.client, '/admin/price-lists', { '/admin/price-lists': <PriceListsPage /> });
    const user = userEvent.setup();

    const form = await screen.findByRole('form', { name: 'New price list' });
    await user.type(within(form).getByLabelText('Name'), 'Trade prices');
    await user.selectOptions(within(form).getByLabelText('Type'), 'override');
    await user.selectOptions(within(form).getByLabelText('Status'), 'active');
    await user.click(await within(form).findByLabelText('Trade'));
    await user.click(within(form).getByRole('button', { name: 'Create price list' }));
    expect(gateway.sent('POST /api/v1/admin/price-lists')[0]!.body).toEqual({
      name: 'Trade prices',
      type: 'override',
      status: 'active',
      customerGroupIds: [GROUP_ID],
    });

    const table = await screen.findByRole('table', { name: 'Price lists' });
    const row = within(table).getByText('Trade prices').closest('tr')!;
    expect(within(row).getByText('Override')).toBeTruthy();
    expect(await within(row).findByText('Trade')).toBeTruthy();
    await user.click(within(row).getByRole('button', { name: 'Edit prices of Trade prices' }));
    const prices = await screen.findByRole('form', { name: 'Prices' });
    expect((within(prices).getByLabelText('Price 1') as HTMLInputElement).value).toBe('9.00');
    await user.click(within(prices).getByRole('button', { name: 'Add a price' }));
    await user.type(within(prices).getByLabelText('SKU 2'), 'MUG-1');
    await user.type(within(prices).getByLabelText('Price 2'), '8.5.0');
    await user.clear(within(prices).getByLabelText('From units 2'));
    await user.type(within(prices).getByLabelText('From units 2'), '10');
    await user.click(within(prices).getByRole('button', { name: 'Save prices' }));
    expect(await screen.findByText(/Row 2: the price is a number with at most 2 decimals/)).toBeTruthy();
    expect(gateway.sent(`PATCH /api/v1/admin/price-lists/${LIST_ID}`)).toHaveLength(0);

    await user.clear(within(prices).getByLabelText('Price 2'));
    await user.type(within(prices).getByLabelText('Price 2'), '8.00');
    await user.click(within(prices).getByRole('button', { name: 'Save prices' }));
    await screen.findByRole('button', { name: 'Save prices' });
    expect(gateway.sent(`PATCH /api/v1/admin/price-lists/${LIST_ID}`)[0]!.body).toEqual({
      version: 1,
      entries: [
        { sku: 'MUG-1', currency: 'EUR', amount: 900, minQuantity: 1 },
        { sku: 'MUG-1', currency: 'EUR', amount: 800, minQuantity: 10 },
      ],
    });

    // A second save from version 2 while another admin saved version 3: told, then reloaded.
    await user.clear(within(prices).getByLabelText('Price 1'));
    await user.type(within(prices).getByLabelText('Price 1'), '8.90');
    await user.click(within(prices).getByRole('button', { name: 'Save prices' }));
    expect(await screen.findByText(/changed since version 2/)).toBeTruthy();
    expect(gateway.sent(`PATCH /api/v1/admin/price-lists/${LIST_ID}`)[1]!.body).toMatchObject({ version: 2 });
    await user.click(screen.getByRole('button', { name: 'Reload the list' }));
    await screen.findByDisplayValue('8.50');
    expect(within(prices).queryByLabelText('Price 2')).toBeNull();
  });
});
