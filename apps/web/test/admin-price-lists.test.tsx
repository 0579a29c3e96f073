// @vitest-environment jsdom
// An admin creates a customer group and adds a member, creates a price list for the group, and
// edits its tiered prices and its details; a save from a stale version is reported, and a reload
// shows the other admin's change before any is saved again. A list can be deleted.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
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

const TEAM_ID = '00000000-0000-4000-8000-000000000003';

/** A stored list the fake changes as PATCH and DELETE ask, with another admin's save in between. */
function listsGateway() {
  let list: Record<string, unknown> & { version: number; name: string } = {
    id: LIST_ID,
    name: 'Winter sale',
    description: '',
    type: 'sale',
    status: 'draft',
    customerGroupIds: [],
    version: 4,
    entries: [],
  };
  let deleted = false;
  const gateway = fakeGateway({
    'GET /api/v1/admin/customer-groups': () =>
      json({
        customerGroups: [
          { id: GROUP_ID, name: 'Trade', memberCount: 1 },
          { id: TEAM_ID, name: 'Staff', memberCount: 2 },
        ],
      }),
    'GET /api/v1/admin/price-lists': () => json({ priceLists: deleted ? [] : [{ ...list, entryCount: 0 }] }),
    'POST /api/v1/admin/price-lists': (request) => json({ ...list, ...(request.body as object) }, 201),
    [`GET /api/v1/admin/price-lists/${LIST_ID}`]: () =>
      deleted ? problem(404, 'not-found', 'No such price list.') : json(list),
    [`PATCH /api/v1/admin/price-lists/${LIST_ID}`]: (request) => {
      const { version, ...change } = request.body as { version: number };
      if (version !== list.version)
        return problem(
          409,
          'price-list-version-conflict',
          `The price list changed since version ${version}.`,
        );
      list = { ...list, ...change, version: list.version + 1 };
      return json(list);
    },
    [`DELETE /api/v1/admin/price-lists/${LIST_ID}`]: () => {
      deleted = true;
      return new Response(null, { status: 204 });
    },
  });
  const otherAdminRenames = (name: string) => {
    list = { ...list, name, version: list.version + 1 };
  };
  return { gateway, otherAdminRenames };
}

const local = (text: string) => new Date(text).toISOString();

describe('editing a price list', () => {
  test('creates a list with dates', async () => {
    const { gateway } = listsGateway();
    renderAt(gateway.client, '/admin/price-lists', { '/admin/price-lists': <PriceListsPage /> });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'New price list' });
    await user.type(within(form).getByLabelText('Name'), 'Spring sale');
    fireEvent.change(within(form).getByLabelText('Starts'), { target: { value: '2027-03-01T09:00' } });
    fireEvent.change(within(form).getByLabelText('Ends'), { target: { value: '2027-02-01T09:00' } });
    await user.click(within(form).getByRole('button', { name: 'Create price list' }));
    expect(within(form).getByText('Must be after the start.')).toBeTruthy();
    expect(gateway.sent('POST /api/v1/admin/price-lists')).toHaveLength(0);

    fireEvent.change(within(form).getByLabelText('Ends'), { target: { value: '2027-03-31T18:00' } });
    await user.click(within(form).getByRole('button', { name: 'Create price list' }));
    await waitFor(() => expect(gateway.sent('POST /api/v1/admin/price-lists')).toHaveLength(1));
    expect(gateway.sent('POST /api/v1/admin/price-lists')[0]!.body).toEqual({
      name: 'Spring sale',
      type: 'sale',
      status: 'draft',
      customerGroupIds: [],
      startsAt: local('2027-03-01T09:00'),
      endsAt: local('2027-03-31T18:00'),
    });
  });

  test('changes name, status, dates and groups from the version read, and reloads after a conflict', async () => {
    const { gateway, otherAdminRenames } = listsGateway();
    renderAt(gateway.client, '/admin/price-lists', { '/admin/price-lists': <PriceListsPage /> });
    const user = userEvent.setup();
    const table = await screen.findByRole('table', { name: 'Price lists' });
    expect(within(table).getByText('Always')).toBeTruthy();
    await user.click(within(table).getByRole('button', { name: 'Edit details of Winter sale' }));

    const details = await screen.findByRole('form', { name: 'Price list details' });
    await user.clear(within(details).getByLabelText('Name'));
    await user.type(within(details).getByLabelText('Name'), 'Winter trade sale');
    await user.selectOptions(within(details).getByLabelText('Status'), 'active');
    fireEvent.change(within(details).getByLabelText('Starts'), { target: { value: '2026-12-01T00:00' } });
    fireEvent.change(within(details).getByLabelText('Ends'), { target: { value: '2027-01-06T23:59' } });
    await user.click(await within(details).findByLabelText('Trade'));
    await user.click(within(details).getByRole('button', { name: 'Save details' }));

    await waitFor(() => expect(gateway.sent(`PATCH /api/v1/admin/price-lists/${LIST_ID}`)).toHaveLength(1));
    expect(gateway.sent(`PATCH /api/v1/admin/price-lists/${LIST_ID}`)[0]!.body).toEqual({
      version: 4,
      name: 'Winter trade sale',
      status: 'active',
      startsAt: local('2026-12-01T00:00'),
      endsAt: local('2027-01-06T23:59'),
      customerGroupIds: [GROUP_ID],
    });
    expect(await within(table).findByText('Winter trade sale')).toBeTruthy();
    const row = within(table).getByText('Winter trade sale').closest('tr')!;
    expect(within(row).getByText('Active')).toBeTruthy();
    expect(within(row).getByText('Trade')).toBeTruthy();

    // Another admin renames it meanwhile: clearing the end date from version 5 is refused, told,
    // and a reload shows their name before anything is saved again.
    otherAdminRenames('Holiday sale');
    fireEvent.change(within(details).getByLabelText('Ends'), { target: { value: '' } });
    await user.click(within(details).getByRole('button', { name: 'Save details' }));
    expect(await screen.findByText('The price list changed since version 5.')).toBeTruthy();
    expect(gateway.sent(`PATCH /api/v1/admin/price-lists/${LIST_ID}`)[1]!.body).toMatchObject({
      version: 5,
      endsAt: null,
    });
    await user.click(screen.getByRole('button', { name: 'Reload the list' }));
    expect(await within(details).findByDisplayValue('Holiday sale')).toBeTruthy();
    expect((within(details).getByLabelText('Ends') as HTMLInputElement).value).toBe('2027-01-06T23:59');
    expect(screen.queryByText('The price list changed since version 5.')).toBeNull();
  });

  test('deletes a list after asking once more', async () => {
    const { gateway } = listsGateway();
    renderAt(gateway.client, '/admin/price-lists', { '/admin/price-lists': <PriceListsPage /> });
    const user = userEvent.setup();
    const table = await screen.findByRole('table', { name: 'Price lists' });
    await user.click(within(table).getByRole('button', { name: 'Edit details of Winter sale' }));
    await user.click(await screen.findByRole('button', { name: 'Delete price list' }));
    await user.click(screen.getByRole('button', { name: 'Keep it' }));
    expect(gateway.sent(`DELETE /api/v1/admin/price-lists/${LIST_ID}`)).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Delete price list' }));
    await user.click(screen.getByRole('button', { name: 'Yes, delete it' }));
    expect(await screen.findByText('No price lists yet')).toBeTruthy();
    expect(gateway.sent(`DELETE /api/v1/admin/price-lists/${LIST_ID}`)).toHaveLength(1);
    expect(screen.queryByRole('form', { name: 'Price list details' })).toBeNull();
  });
});
