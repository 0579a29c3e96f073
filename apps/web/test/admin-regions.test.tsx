// @vitest-environment jsdom
// An admin sees the regions, opens one, changes how its prices show tax, adds a tax rate for a
// US state (a bad rate is refused before sending), adds a weight-banded shipping option and
// switches an option off.
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { RegionPage } from '../src/admin/RegionPage';
import { RegionsPage } from '../src/admin/RegionsPage';
import { fakeGateway, json } from './support/fake-gateway';
import { renderAt } from './support/render-app';

afterEach(cleanup);

const regionId = '00000000-0000-4000-8000-0000000000e0';
const base = `/api/v1/admin/regions/${regionId}`;

describe('the admin regions', () => {
  test('lists regions and edits one: settings, a tax rate, shipping options', async () => {
    const region = {
      id: regionId,
      code: 'us',
      name: 'United States',
      currency: 'USD',
      countries: ['US'],
      taxInclusive: false,
      taxOnShipping: false,
      returnWindowDays: 30,
      taxRates: [
        {
          id: 'r-1',
          regionId,
          country: 'US',
          subdivision: 'NY',
          taxClass: 'standard',
          rate: '4',
          name: 'Sales tax',
        },
      ],
      shippingOptions: [
        {
          id: 's-1',
          regionId,
          code: 'standard',
          name: 'Standard',
          taxClass: 'standard',
          rule: { kind: 'free_over', amount: 495, freeFrom: 5000 },
          active: true,
        },
      ],
    };
    const gateway = fakeGateway({
      'GET /api/v1/admin/regions': () => json({ regions: [region] }),
      [`GET ${base}`]: () => json(region),
      [`PATCH ${base}`]: (request) => {
        Object.assign(region, request.body);
        return json(region);
      },
      [`POST ${base}/tax-rates`]: (request) => {
        const rate = { id: `r-${region.taxRates.length + 1}`, regionId, ...(request.body as object) };
        region.taxRates.push(rate as (typeof region.taxRates)[number]);
        return json(rate, 201);
      },
      [`POST ${base}/shipping-options`]: (request) => {
        const option = {
          id: 's-2',
          regionId,
          taxClass: 'standard',
          active: true,
          ...(request.body as object),
        };
        region.shippingOptions.push(option as (typeof region.shippingOptions)[number]);
        return json(option, 201);
      },
      [`PATCH ${base}/shipping-options/s-1`]: (request) => {
        Object.assign(region.shippingOptions[0]!, request.body);
        return json(region.shippingOptions[0]);
      },
    });
    renderAt(gateway.client, '/admin/regions', {
      '/admin/regions': <RegionsPage />,
      '/admin/regions/:regionId': <RegionPage />,
    });
    const user = userEvent.setup();

    const list = await screen.findByRole('table', { name: 'Regions' });
    expect(within(list).getByText('Tax added at checkout')).toBeTruthy();
    await user.click(within(list).getByRole('link', { name: 'United States' }));
    expect(await screen.findByRole('heading', { name: /United States/ })).toBeTruthy();

    await user.click(screen.getByLabelText('Tax shipping too'));
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Saved.')).toBeTruthy();
    expect(gateway.sent(`PATCH ${base}`).map((r) => r.body)).toEqual([
      { name: 'United States', taxInclusive: false, taxOnShipping: true, returnWindowDays: 30 },
    ]);

    const taxForm = screen.getByRole('form', { name: 'Add a tax rate' });
    await user.type(within(taxForm).getByLabelText('State or subdivision', { exact: false }), 'ca');
    await user.type(within(taxForm).getByLabelText('Rate (%)'), '7,25');
    await user.type(within(taxForm).getByLabelText('Rate name'), 'Sales tax');
    await user.click(within(taxForm).getByRole('button', { name: 'Add tax rate' }));
    expect(await within(taxForm).findByText(/A percentage from 0 to 100/)).toBeTruthy();
    expect(gateway.sent(`POST ${base}/tax-rates`)).toHaveLength(0);
    await user.clear(within(taxForm).getByLabelText('Rate (%)'));
    await user.type(within(taxForm).getByLabelText('Rate (%)'), '7.25');
    await user.click(within(taxForm).getByRole('button', { name: 'Add tax rate' }));
    const rates = screen.getByRole('table', { name: 'Tax rates' });
    expect(await within(rates).findByText('US-CA')).toBeTruthy();
    expect(gateway.sent(`POST ${base}/tax-rates`)[0]!.body).toEqual({
      country: 'US',
      subdivision: 'CA',
      taxClass: 'standard',
      rate: '7.25',
      name: 'Sales tax',
    });

    const options = screen.getByRole('table', { name: 'Shipping options' });
    expect(within(options).getByText('$4.95, free from $50.00')).toBeTruthy();
    const shippingForm = screen.getByRole('form', { name: 'Add a shipping option' });
    await user.type(within(shippingForm).getByLabelText('Option code', { exact: false }), 'freight');
    await user.type(within(shippingForm).getByLabelText('Option name'), 'Freight');
    await user.selectOptions(within(shippingForm).getByLabelText('Pricing'), 'weight_bands');
    await user.type(
      within(shippingForm).getByLabelText('Weight bands', { exact: false }),
      '1000=9.95, 20000=49',
    );
    await user.click(within(shippingForm).getByRole('button', { name: 'Add shipping option' }));
    expect(await within(options).findByText('up to 1 kg $9.95 · up to 20 kg $49.00')).toBeTruthy();
    expect(gateway.sent(`POST ${base}/shipping-options`)[0]!.body).toEqual({
      code: 'freight',
      name: 'Freight',
      rule: {
        kind: 'weight_bands',
        bands: [
          { upToGrams: 1000, amount: 995 },
          { upToGrams: 20000, amount: 4900 },
        ],
      },
    });

    await user.click(within(options).getByRole('button', { name: 'Stop offering Standard' }));
    expect(await within(options).findByRole('button', { name: 'Offer Standard' })).toBeTruthy();
    expect(gateway.sent(`PATCH ${base}/shipping-options/s-1`).map((r) => r.body)).toEqual([
      { active: false },
    ]);
  });
});
