import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME, type Shopper, startUserHarness, type UserHarness } from './harness.js';

describe('ownership and admin access', () => {
  let users: UserHarness;
  let alice: Shopper;
  let bob: Shopper;
  let aliceAddress: string;
  beforeAll(async () => {
    users = await startUserHarness();
    alice = await users.newShopper({ displayName: 'Alice Zephyr' });
    bob = await users.newShopper({ displayName: 'Bob' });
    aliceAddress = (await users.request('POST', '/users/me/addresses', alice, HOME)).json().id;
  });
  afterAll(() => users.close());

  it("never shows one user another's addresses", async () => {
    const bobs = (await users.request('GET', '/users/me/addresses', bob)).json().addresses;
    expect(bobs).toEqual([]);
  });

  it("refuses to change or delete another user's address, as if it did not exist", async () => {
    const edit = await users.request('PATCH', `/users/me/addresses/${aliceAddress}`, bob, {
      line1: 'Hijacked 1',
    });
    expect(edit.statusCode).toBe(404);
    expect((await users.request('DELETE', `/users/me/addresses/${aliceAddress}`, bob)).statusCode).toBe(404);
    const alices = (await users.request('GET', '/users/me/addresses', alice)).json().addresses;
    expect(alices).toEqual([expect.objectContaining({ id: aliceAddress, line1: HOME.line1 })]);
  });

  it('keeps customers out of the admin routes', async () => {
    expect((await users.request('GET', '/admin/users', bob)).statusCode).toBe(403);
    expect((await users.request('GET', `/admin/users/${alice.id}`, bob)).statusCode).toBe(403);
    expect((await users.request('GET', '/admin/users', undefined)).statusCode).toBe(401);
  });

  it('lets an admin search users and page through them', async () => {
    const admin = await users.newShopper({ roles: ['admin'] });
    const found = (await users.request('GET', '/admin/users?search=zephyr', admin)).json();
    expect(found).toMatchObject({
      total: 1,
      items: [{ id: alice.id, name: 'Alice Zephyr', email: alice.email }],
    });

    const page = (await users.request('GET', '/admin/users?limit=2&offset=0', admin)).json();
    expect(page.items).toHaveLength(2);
    expect(page.total).toBe(3);
    const rest = (await users.request('GET', '/admin/users?limit=2&offset=2', admin)).json();
    expect(rest.items).toHaveLength(1);

    // Wildcards typed into search are matched literally.
    expect((await users.request('GET', '/admin/users?search=%25', admin)).json().total).toBe(0);
  });

  it("lets an admin view one user's profile with addresses", async () => {
    const admin = await users.newShopper({ roles: ['admin'] });
    const res = await users.request('GET', `/admin/users/${alice.id}`, admin);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: alice.id, addresses: [{ id: aliceAddress, line1: HOME.line1 }] });
    const unknown = await users.request('GET', '/admin/users/00000000-0000-4000-8000-000000000000', admin);
    expect(unknown.statusCode).toBe(404);
  });
});
