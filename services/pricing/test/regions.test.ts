// Regions, their countries, tax rates and shipping options: admin CRUD, the public lookup, and
// the races an admin form meets (double submits, two admins at once).
import { sql } from '@emporium/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, type PricingHarness, startPricingHarness } from './harness.js';

describe('regions', () => {
  let pricing: PricingHarness;
  beforeAll(async () => {
    pricing = await startPricingHarness();
  });
  afterAll(() => pricing.close());

  const admin = () => ({ token: pricing.admin });
  const countRegions = async (code: string) =>
    (await pricing.service.ctx.db.query(sql`select 1 from regions where code = ${code}`)).rowCount;
  const newRegion = (code: string, countries: string[]) => ({
    code,
    name: `Region ${code}`,
    currency: 'CHF',
    countries,
    taxInclusive: true,
    taxOnShipping: true,
    returnWindowDays: 30,
  });
  const createRegion = async (code: string, countries: string[]) => {
    const res = await pricing.request('POST', '/admin/regions', {
      ...admin(),
      payload: newRegion(code, countries),
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string };
  };

  it('starts with the US, EU and UK regions and tells which one a country belongs to', async () => {
    const all = (await pricing.request('GET', '/regions')).json().regions;
    expect(all.map((r: { code: string }) => r.code)).toEqual(['eu', 'uk', 'us']);
    const eu = all.find((r: { code: string }) => r.code === 'eu');
    expect(eu).toMatchObject({
      currency: 'EUR',
      taxInclusive: true,
      countries: ['DE', 'ES', 'FR', 'IT', 'NL'],
    });
    const forDe = (await pricing.request('GET', '/regions?country=DE')).json().regions;
    expect(forDe.map((r: { code: string }) => r.code)).toEqual(['eu']);
    expect((await pricing.request('GET', '/regions?country=JP')).json().regions).toEqual([]);
  });

  it("lists a region's active shipping options publicly", async () => {
    const us = (await pricing.request('GET', '/regions?country=US')).json().regions[0];
    const res = await pricing.request('GET', `/regions/${us.id}/shipping-options`);
    expect(res.statusCode).toBe(200);
    const byCode = Object.fromEntries(
      res.json().shippingOptions.map((o: { code: string; rule: unknown }) => [o.code, o.rule]),
    );
    expect(byCode.standard).toEqual({ kind: 'free_over', amount: 495, freeFrom: 5000 });
    expect(byCode.express).toEqual({ kind: 'flat', amount: 1495 });
  });

  it('refuses a malformed country in the lookup, naming the field', async () => {
    const res = await pricing.request('GET', '/regions?country=de');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(fieldsOf(res)).toEqual(['querystring.country']);
  });

  it('creates a region once when the same request is sent twice at once with one key', async () => {
    const answers = await Promise.all(
      [1, 2].map(() =>
        pricing.request('POST', '/admin/regions', {
          ...admin(),
          headers: { 'idempotency-key': 'create-ch' },
          payload: newRegion('ch', ['CH', 'LI']),
        }),
      ),
    );
    expect(answers.map((r) => r.statusCode)).toEqual([201, 201]);
    expect(answers[0]!.json().id).toBe(answers[1]!.json().id);
    expect(answers[0]!.json()).toMatchObject({ code: 'ch', currency: 'CHF', countries: ['CH', 'LI'] });
    expect(await countRegions('ch')).toBe(1);
  });

  it('refuses a key used before for another body, changing nothing', async () => {
    const res = await pricing.request('POST', '/admin/regions', {
      ...admin(),
      headers: { 'idempotency-key': 'create-ch' },
      payload: newRegion('ch2', ['SM']),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().type).toMatch(/idempotency-key-reused$/);
    expect(await countRegions('ch2')).toBe(0);
  });

  it('lets one of two admins creating the same code win; the other gets 409', async () => {
    const answers = await Promise.all(
      [['NO'], ['IS']].map((countries) =>
        pricing.request('POST', '/admin/regions', { ...admin(), payload: newRegion('nordic', countries) }),
      ),
    );
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((r) => r.statusCode === 409)!.json().type).toMatch(/region-code-taken$/);
    expect(await countRegions('nordic')).toBe(1);
  });

  it('keeps a country in one region: two regions racing for it, and one asking for a held one', async () => {
    const answers = await Promise.all(
      ['race-a', 'race-b'].map((code) =>
        pricing.request('POST', '/admin/regions', { ...admin(), payload: newRegion(code, ['PT']) }),
      ),
    );
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const res = await pricing.request('POST', '/admin/regions', {
      ...admin(),
      payload: newRegion('de2', ['AT', 'DE']),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().type).toMatch(/country-in-another-region$/);
    expect(res.json().detail).toContain('DE');
    expect(await countRegions('de2')).toBe(0);
    const at = (await pricing.request('GET', '/regions?country=AT')).json().regions;
    expect(at).toEqual([]);
  });

  it.each([
    [{ currency: 'XXX' }, 'body.currency'],
    [{ currency: 'usd' }, 'body.currency'],
    [{ returnWindowDays: -1 }, 'body.returnWindowDays'],
    [{ countries: ['de'] }, 'body.countries.0'],
    [{ countries: [] }, 'body.countries'],
    [{ code: 'Bad Code' }, 'body.code'],
    [{ name: 'a\u0000b' }, 'body.name'],
  ])('refuses %j naming %s, creating nothing', async (change, field) => {
    const res = await pricing.request('POST', '/admin/regions', {
      ...admin(),
      payload: { ...newRegion('refused', ['MC']), ...change },
    });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toContain(field);
    expect(await countRegions('refused')).toBe(0);
  });

  it('is for admins only', async () => {
    expect((await pricing.request('GET', '/admin/regions')).statusCode).toBe(401);
    expect((await pricing.request('GET', '/admin/regions', { token: pricing.customer })).statusCode).toBe(
      403,
    );
  });

  it('changes a region but never its currency', async () => {
    const region = await createRegion('patchme', ['AD']);
    const res = await pricing.request('PATCH', `/admin/regions/${region.id}`, {
      ...admin(),
      payload: { taxInclusive: false, returnWindowDays: 60 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ taxInclusive: false, returnWindowDays: 60, currency: 'CHF' });
    const refused = await pricing.request('PATCH', `/admin/regions/${region.id}`, {
      ...admin(),
      payload: { currency: 'EUR' },
    });
    expect(refused.statusCode).toBe(400);
  });

  it('adds and removes countries; a country with rates stays until they go', async () => {
    const region = await createRegion('baltic', ['EE']);
    const added = await pricing.request('PUT', `/admin/regions/${region.id}/countries/LV`, admin());
    expect(added.json().countries).toEqual(['EE', 'LV']);
    const again = await pricing.request('PUT', `/admin/regions/${region.id}/countries/LV`, admin());
    expect(again.json().countries).toEqual(['EE', 'LV']);
    const held = await pricing.request('PUT', `/admin/regions/${region.id}/countries/DE`, admin());
    expect(held.statusCode).toBe(409);
    expect(held.json().type).toMatch(/country-in-another-region$/);

    const rate = await pricing.request('POST', `/admin/regions/${region.id}/tax-rates`, {
      ...admin(),
      payload: { country: 'LV', taxClass: 'standard', rate: '21', name: 'PVN' },
    });
    expect(rate.statusCode).toBe(201);
    const blocked = await pricing.request('DELETE', `/admin/regions/${region.id}/countries/LV`, admin());
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().type).toMatch(/country-has-tax-rates$/);
    await pricing.request('DELETE', `/admin/regions/${region.id}/tax-rates/${rate.json().id}`, admin());
    const removed = await pricing.request('DELETE', `/admin/regions/${region.id}/countries/LV`, admin());
    expect(removed.json().countries).toEqual(['EE']);
  });

  it('answers the same change sent twice at once the same way, and one delete once', async () => {
    const region = await createRegion('twice', ['CY']);
    const put = await Promise.all(
      [1, 2].map(() => pricing.request('PUT', `/admin/regions/${region.id}/countries/GR`, admin())),
    );
    expect(put.map((r) => [r.statusCode, r.json().countries])).toEqual([
      [200, ['CY', 'GR']],
      [200, ['CY', 'GR']],
    ]);
    const patch = await Promise.all(
      [1, 2].map(() =>
        pricing.request('PATCH', `/admin/regions/${region.id}`, {
          ...admin(),
          payload: { returnWindowDays: 45 },
        }),
      ),
    );
    expect(patch.map((r) => [r.statusCode, r.json().returnWindowDays])).toEqual([
      [200, 45],
      [200, 45],
    ]);
    const rate = await pricing.request('POST', `/admin/regions/${region.id}/tax-rates`, {
      ...admin(),
      payload: { country: 'GR', taxClass: 'standard', rate: '24', name: 'ΦΠΑ' },
    });
    const removed = await Promise.all(
      [1, 2].map(() =>
        pricing.request('DELETE', `/admin/regions/${region.id}/tax-rates/${rate.json().id}`, admin()),
      ),
    );
    expect(removed.map((r) => r.statusCode).sort()).toEqual([204, 404]);
  });

  describe('tax rates', () => {
    it('adds a rate once when two admins add the same one at once', async () => {
      const region = await createRegion('rates', ['BE']);
      const payload = { country: 'BE', taxClass: 'standard', rate: '21', name: 'TVA/BTW' };
      const answers = await Promise.all(
        [1, 2].map(() =>
          pricing.request('POST', `/admin/regions/${region.id}/tax-rates`, { ...admin(), payload }),
        ),
      );
      expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      expect(answers.find((r) => r.statusCode === 409)!.json().type).toMatch(/tax-rate-exists$/);
      const detail = (await pricing.request('GET', `/admin/regions/${region.id}`, admin())).json();
      expect(detail.taxRates).toEqual([
        expect.objectContaining({ country: 'BE', rate: '21', taxClass: 'standard' }),
      ]);
    });

    it('keeps subdivision rates apart and changes a rate in place', async () => {
      const region = await createRegion('canada', ['CA']);
      const add = (payload: object) =>
        pricing.request('POST', `/admin/regions/${region.id}/tax-rates`, { ...admin(), payload });
      expect((await add({ country: 'CA', taxClass: 'standard', rate: '5', name: 'GST' })).statusCode).toBe(
        201,
      );
      const qc = await add({
        country: 'CA',
        subdivision: 'QC',
        taxClass: 'standard',
        rate: '14.975',
        name: 'GST+QST',
      });
      expect(qc.statusCode).toBe(201);
      expect(qc.json()).toMatchObject({ subdivision: 'QC', rate: '14.975' });
      const patched = await pricing.request(
        'PATCH',
        `/admin/regions/${region.id}/tax-rates/${qc.json().id}`,
        {
          ...admin(),
          payload: { rate: '15' },
        },
      );
      expect(patched.json()).toMatchObject({ rate: '15', name: 'GST+QST' });
    });

    it.each([
      [{ rate: '101' }, 'body.rate'],
      [{ rate: '19.12345' }, 'body.rate'],
      [{ rate: 19 }, 'body.rate'],
      [{ taxClass: 'luxury' }, 'body.taxClass'],
      [{ subdivision: 'california' }, 'body.subdivision'],
    ])('refuses %j naming %s', async (change, field) => {
      const us = (await pricing.request('GET', '/regions?country=US')).json().regions[0];
      const res = await pricing.request('POST', `/admin/regions/${us.id}/tax-rates`, {
        ...admin(),
        payload: {
          country: 'US',
          subdivision: 'OR',
          taxClass: 'standard',
          rate: '0',
          name: 'Oregon',
          ...change,
        },
      });
      expect(res.statusCode).toBe(400);
      expect(fieldsOf(res)).toContain(field);
    });

    it('refuses a rate for a country outside the region', async () => {
      const us = (await pricing.request('GET', '/regions?country=US')).json().regions[0];
      const res = await pricing.request('POST', `/admin/regions/${us.id}/tax-rates`, {
        ...admin(),
        payload: { country: 'DE', taxClass: 'standard', rate: '19', name: 'MwSt.' },
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().type).toMatch(/country-not-in-region$/);
    });
  });

  describe('shipping options', () => {
    it('creates an option once for a double submit with one key', async () => {
      const region = await createRegion('ship', ['HR']);
      const payload = {
        code: 'parcel',
        name: 'Parcel by weight',
        rule: {
          kind: 'weight_bands',
          bands: [
            { upToGrams: 5000, amount: 900 },
            { upToGrams: 1000, amount: 500 },
          ],
        },
      };
      const answers = await Promise.all(
        [1, 2].map(() =>
          pricing.request('POST', `/admin/regions/${region.id}/shipping-options`, {
            ...admin(),
            headers: { 'idempotency-key': 'parcel-1' },
            payload,
          }),
        ),
      );
      expect(answers.map((r) => r.statusCode)).toEqual([201, 201]);
      expect(answers[0]!.json().id).toBe(answers[1]!.json().id);
      // Bands are kept in weight order.
      expect(answers[0]!.json().rule.bands.map((b: { upToGrams: number }) => b.upToGrams)).toEqual([
        1000, 5000,
      ]);
      const listed = (await pricing.request('GET', `/regions/${region.id}/shipping-options`)).json()
        .shippingOptions;
      expect(listed).toHaveLength(1);
    });

    it('hides a deactivated option from shoppers and replaces a rule whole', async () => {
      const region = await createRegion('ship2', ['SI']);
      const created = await pricing.request('POST', `/admin/regions/${region.id}/shipping-options`, {
        ...admin(),
        payload: {
          code: 'standard',
          name: 'Standard',
          rule: { kind: 'free_over', amount: 495, freeFrom: 5000 },
        },
      });
      const url = `/admin/regions/${region.id}/shipping-options/${created.json().id}`;
      const flat = await pricing.request('PATCH', url, {
        ...admin(),
        payload: { rule: { kind: 'flat', amount: 300 } },
      });
      expect(flat.json().rule).toEqual({ kind: 'flat', amount: 300 });
      await pricing.request('PATCH', url, { ...admin(), payload: { active: false } });
      const listed = (await pricing.request('GET', `/regions/${region.id}/shipping-options`)).json()
        .shippingOptions;
      expect(listed).toEqual([]);
      const taken = await pricing.request('POST', `/admin/regions/${region.id}/shipping-options`, {
        ...admin(),
        payload: { code: 'standard', name: 'Again', rule: { kind: 'pickup' } },
      });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().type).toMatch(/shipping-option-code-taken$/);
    });

    it.each([
      [{ kind: 'free_over', amount: 495 }, ['body.rule.freeFrom']],
      [{ kind: 'pickup', amount: 100 }, ['body.rule.amount']],
      [{ kind: 'flat' }, ['body.rule.amount']],
      [{ kind: 'weight_bands', amount: 100 }, ['body.rule.amount', 'body.rule.bands']],
      [
        {
          kind: 'weight_bands',
          bands: [
            { upToGrams: 10, amount: 1 },
            { upToGrams: 10, amount: 2 },
          ],
        },
        ['body.rule.bands'],
      ],
      [{ kind: 'flat', amount: -1 }, ['body.rule.amount']],
      [{ kind: 'teleport' }, ['body.rule.kind']],
    ])('refuses the rule %j naming %j, creating nothing', async (rule, fields) => {
      const us = (await pricing.request('GET', '/regions?country=US')).json().regions[0];
      const res = await pricing.request('POST', `/admin/regions/${us.id}/shipping-options`, {
        ...admin(),
        payload: { code: 'refused', name: 'Refused', rule },
      });
      expect(res.statusCode).toBe(400);
      for (const field of fields) expect(fieldsOf(res)).toContain(field);
      const { rowCount } = await pricing.service.ctx.db.query(
        "select 1 from shipping_options where code = 'refused'",
      );
      expect(rowCount).toBe(0);
    });
  });

  it('deletes a region with its rates and options', async () => {
    const region = await createRegion('gone', ['MT']);
    await pricing.request('POST', `/admin/regions/${region.id}/tax-rates`, {
      ...admin(),
      payload: { country: 'MT', taxClass: 'standard', rate: '18', name: 'VAT' },
    });
    expect((await pricing.request('DELETE', `/admin/regions/${region.id}`, admin())).statusCode).toBe(204);
    expect((await pricing.request('GET', `/admin/regions/${region.id}`, admin())).statusCode).toBe(404);
    expect((await pricing.request('GET', '/regions?country=MT')).json().regions).toEqual([]);
  });

  it('documents its refusals in the served OpenAPI', async () => {
    const doc = (await pricing.request('GET', '/openapi.json')).json();
    expect(doc.paths['/admin/regions'].post.responses['400']).toBeDefined();
    expect(doc.paths['/admin/regions'].post.responses['409']).toBeDefined();
    expect(doc.paths['/admin/regions/{regionId}/tax-rates'].post.responses['409']).toBeDefined();
    expect(doc.paths['/regions'].get.responses['400']).toBeDefined();
  });
});
