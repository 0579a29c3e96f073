// /admin/customer-groups on the real PostgreSQL: names unique in any case, members added once
// however often (and however concurrently) they are added or removed.
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
const createGroup = async (name: string) => {
  const res = await admin('POST', '/admin/customer-groups', { name });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; name: string };
};

describe('customer groups', () => {
  it('creates, lists, renames and deletes a group', async () => {
    const group = await createGroup('Wholesale');
    expect(group).toMatchObject({ name: 'Wholesale', memberCount: 0 });
    const renamed = await admin('PATCH', `/admin/customer-groups/${group.id}`, { name: 'Wholesale EU' });
    expect(renamed.json()).toMatchObject({ id: group.id, name: 'Wholesale EU', members: [] });
    const list = (await admin('GET', '/admin/customer-groups')).json().customerGroups;
    expect(list.map((g: { id: string }) => g.id)).toContain(group.id);
    expect((await admin('DELETE', `/admin/customer-groups/${group.id}`)).statusCode).toBe(204);
    expect((await admin('GET', `/admin/customer-groups/${group.id}`)).statusCode).toBe(404);
  });

  it('gives a name to one of two admins creating it at once (in another case): 409 customer-group-name-taken', async () => {
    const answers = await Promise.all([
      admin('POST', '/admin/customer-groups', { name: 'VIP' }),
      admin('POST', '/admin/customer-groups', { name: 'vip' }),
    ]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const conflict = answers.find((r) => r.statusCode === 409)!;
    expect(conflict.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(conflict.json().type).toMatch(/customer-group-name-taken$/);
  });

  it('adds the same member twice at once as one membership', async () => {
    const group = await createGroup('Loyalty gold');
    const customer = randomUUID();
    const answers = await Promise.all([
      admin('PUT', `/admin/customer-groups/${group.id}/members/${customer}`),
      admin('PUT', `/admin/customer-groups/${group.id}/members/${customer}`),
    ]);
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200]);
    const read = (await admin('GET', `/admin/customer-groups/${group.id}`)).json();
    expect(read).toMatchObject({ memberCount: 1, members: [customer] });
  });

  it('removes a member once however often it is asked, and 404s only for a group that does not exist', async () => {
    const group = await createGroup('Staff');
    const customer = randomUUID();
    await admin('PUT', `/admin/customer-groups/${group.id}/members/${customer}`);
    const [first, second] = await Promise.all([
      admin('DELETE', `/admin/customer-groups/${group.id}/members/${customer}`),
      admin('DELETE', `/admin/customer-groups/${group.id}/members/${customer}`),
    ]);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect([first.json().members, second.json().members]).toEqual([[], []]);
    expect((await admin('GET', `/admin/customer-groups/${group.id}`)).json().members).toEqual([]);
    const noGroup = await admin('DELETE', `/admin/customer-groups/${randomUUID()}/members/${customer}`);
    expect(noGroup.statusCode).toBe(404);
  });

  it('refuses to delete a group a price list is for: 409 customer-group-in-use', async () => {
    const group = await createGroup('Members only');
    const list = await admin('POST', '/admin/price-lists', {
      name: 'Members only prices',
      type: 'override',
      status: 'active',
      customerGroupIds: [group.id],
    });
    expect(list.statusCode).toBe(201);
    const refused = await admin('DELETE', `/admin/customer-groups/${group.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().type).toMatch(/customer-group-in-use$/);
    const read = (await admin('GET', `/admin/price-lists/${list.json().id}`)).json();
    expect(read.customerGroupIds).toEqual([group.id]);
  });

  it('answers 404 for a member added to a group that does not exist', async () => {
    const res = await admin('PUT', `/admin/customer-groups/${randomUUID()}/members/${randomUUID()}`);
    expect(res.statusCode).toBe(404);
  });

  it('refuses bad input with a 400 naming the field, changing nothing', async () => {
    const before = (await admin('GET', '/admin/customer-groups')).json().customerGroups.length;
    const empty = await admin('POST', '/admin/customer-groups', { name: '' });
    expect(empty.statusCode).toBe(400);
    expect(fieldsOf(empty)).toEqual(['body.name']);
    const extra = await admin('POST', '/admin/customer-groups', { name: 'X', discount: 5 });
    expect(fieldsOf(extra)).toEqual(['body.discount']);
    const badMember = await admin('PUT', `/admin/customer-groups/${randomUUID()}/members/not%20an%20id`);
    expect(badMember.statusCode).toBe(400);
    expect(fieldsOf(badMember)).toEqual(['params.customerId']);
    expect((await admin('GET', '/admin/customer-groups')).json().customerGroups.length).toBe(before);
  });

  it('is for admins only', async () => {
    const res = await pricing.request('GET', '/admin/customer-groups', { token: pricing.customer });
    expect(res.statusCode).toBe(403);
  });
});
