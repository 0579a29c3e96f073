// /admin/price-lists on the real PostgreSQL: lists with groups and tiered entries, changes made
// from a version (a stale one is a 409, so one of two admins racing wins), and refusals that name
// the field and change nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, type PricingHarness, startPricingHarness } from './harness.js';

let pricing: PricingHarness;
beforeAll(async () => {
  pricing = await startPricingHarness();
});
afterAll(() => pricing.close());

const admin = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  pricing.request(method, url, { token: pricing.admin, ...(payload ? { payload } : {}) });
const createList = async (payload: object) => {
  const res = await admin('POST', '/admin/price-lists', payload);
  expect(res.statusCode).toBe(201);
  return res.json();
};

describe('price lists', () => {
  it('creates a list for a group with tiered entries and reads it back', async () => {
    const group = (await admin('POST', '/admin/customer-groups', { name: 'Trade' })).json();
    const list = await createList({
      name: 'Trade prices',
      type: 'override',
      status: 'active',
      startsAt: '2026-01-01T00:00:00.000Z',
      customerGroupIds: [group.id],
      entries: [
        { sku: 'MUG-1', currency: 'EUR', amount: 900 },
        { sku: 'MUG-1', currency: 'EUR', amount: 800, minQuantity: 10 },
        { sku: 'MUG-1', currency: 'JPY', amount: 1500 },
      ],
    });
    expect(list).toMatchObject({
      name: 'Trade prices',
      type: 'override',
      status: 'active',
      startsAt: '2026-01-01T00:00:00.000Z',
      customerGroupIds: [group.id],
      version: 1,
      entries: [
        { sku: 'MUG-1', currency: 'EUR', amount: 900, minQuantity: 1 },
        { sku: 'MUG-1', currency: 'EUR', amount: 800, minQuantity: 10 },
        { sku: 'MUG-1', currency: 'JPY', amount: 1500, minQuantity: 1 },
      ],
    });
    expect(list.endsAt).toBeUndefined();
    expect((await admin('GET', `/admin/price-lists/${list.id}`)).json()).toEqual(list);
    const summaries = (await admin('GET', '/admin/price-lists')).json().priceLists;
    expect(summaries.find((l: { id: string }) => l.id === list.id)).toMatchObject({
      entryCount: 3,
      version: 1,
    });
  });

  it('replaces entries and moves the version on; a change from the old version is a 409', async () => {
    const list = await createList({
      name: 'Summer sale',
      type: 'sale',
      status: 'draft',
      entries: [{ sku: 'HAT-1', currency: 'USD', amount: 1500 }],
    });
    const changed = await admin('PATCH', `/admin/price-lists/${list.id}`, {
      version: 1,
      status: 'active',
      entries: [{ sku: 'CAP-1', currency: 'USD', amount: 700 }],
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      status: 'active',
      version: 2,
      entries: [{ sku: 'CAP-1', currency: 'USD', amount: 700, minQuantity: 1 }],
    });
    const stale = await admin('PATCH', `/admin/price-lists/${list.id}`, { version: 1, name: 'Late' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().type).toMatch(/price-list-version-conflict$/);
    expect((await admin('GET', `/admin/price-lists/${list.id}`)).json()).toMatchObject({
      name: 'Summer sale',
      version: 2,
    });
  });

  it('lets one of two admins changing the same version at once win; the other gets a 409', async () => {
    const list = await createList({
      name: 'Race',
      type: 'sale',
      status: 'active',
      entries: [{ sku: 'MUG-1', currency: 'USD', amount: 900 }],
    });
    const answers = await Promise.all(
      [800, 700].map((amount) =>
        admin('PATCH', `/admin/price-lists/${list.id}`, {
          version: 1,
          entries: [{ sku: 'MUG-1', currency: 'USD', amount }],
        }),
      ),
    );
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = answers.find((r) => r.statusCode === 200)!.json();
    const read = (await admin('GET', `/admin/price-lists/${list.id}`)).json();
    expect(read.version).toBe(2);
    expect(read.entries).toEqual(winner.entries);
  });

  it('clears a date with null and deletes a list', async () => {
    const list = await createList({
      name: 'Dated',
      type: 'sale',
      status: 'active',
      startsAt: '2026-03-01T00:00:00.000Z',
      endsAt: '2026-04-01T00:00:00.000Z',
    });
    const cleared = await admin('PATCH', `/admin/price-lists/${list.id}`, { version: 1, endsAt: null });
    expect(cleared.json().endsAt).toBeUndefined();
    expect((await admin('DELETE', `/admin/price-lists/${list.id}`)).statusCode).toBe(204);
    expect((await admin('GET', `/admin/price-lists/${list.id}`)).statusCode).toBe(404);
    const gone = await admin('PATCH', `/admin/price-lists/${list.id}`, { version: 2, name: 'x' });
    expect(gone.statusCode).toBe(404);
  });

  it('gives a name to one of two lists created at once: 409 price-list-name-taken', async () => {
    const body = { name: 'Black Friday', type: 'sale', status: 'draft' };
    const answers = await Promise.all([
      admin('POST', '/admin/price-lists', body),
      admin('POST', '/admin/price-lists', { ...body, name: 'BLACK FRIDAY' }),
    ]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((r) => r.statusCode === 409)!.json().type).toMatch(/price-list-name-taken$/);
  });

  it('refuses bad input with a 400 naming the field, and creates nothing', async () => {
    const before = (await admin('GET', '/admin/price-lists')).json().priceLists.length;
    const base = { name: 'Bad', type: 'sale', status: 'active' };
    const cases: [object, string[]][] = [
      [{ ...base, type: 'clearance' }, ['body.type']],
      [{ ...base, entries: [{ sku: 'MUG-1', currency: 'EUR', amount: 1.5 }] }, ['body.entries.0.amount']],
      [{ ...base, entries: [{ sku: 'MUG-1', currency: 'EUR', amount: -1 }] }, ['body.entries.0.amount']],
      [{ ...base, entries: [{ sku: 'MUG-1', currency: 'XYZ', amount: 100 }] }, ['body.entries.0.currency']],
      [
        { ...base, entries: [{ sku: 'MUG-1', currency: 'EUR', amount: 1, minQuantity: 0 }] },
        ['body.entries.0.minQuantity'],
      ],
      [
        {
          ...base,
          entries: [
            { sku: 'MUG-1', currency: 'EUR', amount: 100, minQuantity: 5 },
            { sku: 'MUG-1', currency: 'EUR', amount: 90, minQuantity: 5 },
          ],
        },
        ['body.entries.1'],
      ],
      [{ ...base, startsAt: '2026-05-01T00:00:00Z', endsAt: '2026-04-01T00:00:00Z' }, ['body.endsAt']],
      [{ ...base, customerGroupIds: [randomUUID()] }, ['body.customerGroupIds.0']],
    ];
    for (const [payload, fields] of cases) {
      const res = await admin('POST', '/admin/price-lists', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect([...new Set(fieldsOf(res))]).toEqual(fields);
    }
    const list = await createList({ ...base, name: 'Good', startsAt: '2026-05-01T00:00:00Z' });
    const noVersion = await admin('PATCH', `/admin/price-lists/${list.id}`, { name: 'x', status: 'draft' });
    expect(fieldsOf(noVersion)).toEqual(['body.version']);
    const endsBefore = await admin('PATCH', `/admin/price-lists/${list.id}`, {
      version: 1,
      endsAt: '2026-04-01T00:00:00Z',
    });
    expect(endsBefore.statusCode).toBe(400);
    expect(fieldsOf(endsBefore)).toEqual(['body.endsAt']);
    expect((await admin('GET', `/admin/price-lists/${list.id}`)).json().version).toBe(1);
    expect((await admin('GET', '/admin/price-lists')).json().priceLists.length).toBe(before + 1);
  });
});
