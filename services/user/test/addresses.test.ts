import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME, startUserHarness, type UserHarness } from './harness.js';

const WORK = {
  name: 'Ada Lovelace',
  line1: '1 Analytical Way',
  city: 'Cambridge',
  postalCode: 'CB2 1TN',
  country: 'GB',
};

describe('addresses', () => {
  let users: UserHarness;
  beforeAll(async () => {
    users = await startUserHarness();
  });
  afterAll(() => users.close());

  it('adds addresses; the first becomes the default for shipping and billing', async () => {
    const shopper = await users.newShopper();
    const home = await users.request('POST', '/users/me/addresses', shopper, HOME);
    expect(home.statusCode).toBe(201);
    expect(home.json()).toMatchObject({ ...HOME, isDefaultShipping: true, isDefaultBilling: true });
    const work = await users.request('POST', '/users/me/addresses', shopper, WORK);
    expect(work.json()).toMatchObject({ ...WORK, isDefaultShipping: false, isDefaultBilling: false });

    const list = (await users.request('GET', '/users/me/addresses', shopper)).json().addresses;
    expect(list.map((a: { line1: string }) => a.line1)).toEqual([HOME.line1, WORK.line1]);
  });

  it('moves a default flag to the address that claims it, leaving one default of each kind', async () => {
    const shopper = await users.newShopper();
    const home = (await users.request('POST', '/users/me/addresses', shopper, HOME)).json();
    const work = (await users.request('POST', '/users/me/addresses', shopper, WORK)).json();

    const res = await users.request('PATCH', `/users/me/addresses/${work.id}`, shopper, {
      isDefaultBilling: true,
    });
    expect(res.statusCode).toBe(200);
    const list = (await users.request('GET', '/users/me/addresses', shopper)).json().addresses;
    const byId = Object.fromEntries(list.map((a: { id: string }) => [a.id, a]));
    expect(byId[home.id]).toMatchObject({ isDefaultShipping: true, isDefaultBilling: false });
    expect(byId[work.id]).toMatchObject({ isDefaultShipping: false, isDefaultBilling: true });

    const newDefault = await users.request('POST', '/users/me/addresses', shopper, {
      ...WORK,
      line1: '2 Other Rd',
      isDefaultShipping: true,
    });
    expect(newDefault.json().isDefaultShipping).toBe(true);
    const after = (await users.request('GET', '/users/me/addresses', shopper)).json().addresses;
    expect(after.filter((a: { isDefaultShipping: boolean }) => a.isDefaultShipping)).toHaveLength(1);
  });

  // Last writer wins: the profile row lock runs one user's address writes one after another, so
  // each claim takes the flag from whichever address held it, and the partial unique indexes refuse
  // a second default should a write ever skip that lock.
  it('leaves exactly one default of each kind when claims race (last writer wins)', async () => {
    const shopper = await users.newShopper();
    const defaults = async () => {
      const list = (await users.request('GET', '/users/me/addresses', shopper)).json().addresses as {
        id: string;
        isDefaultShipping: boolean;
        isDefaultBilling: boolean;
      }[];
      return {
        shipping: list.filter((a) => a.isDefaultShipping).map((a) => a.id),
        billing: list.filter((a) => a.isDefaultBilling).map((a) => a.id),
      };
    };

    // Two first addresses at once: only one may become the default "because it is the first".
    const firsts = await Promise.all(
      ['1 First St', '2 First St'].map((line1) =>
        users.request('POST', '/users/me/addresses', shopper, { ...WORK, line1 }),
      ),
    );
    expect(firsts.map((res) => res.statusCode)).toEqual([201, 201]);
    expect(await defaults()).toEqual({ shipping: [expect.any(String)], billing: [expect.any(String)] });

    // Several addresses claim both defaults at once, by edit and by being added as the default.
    const ids = firsts.map((res) => res.json().id as string);
    const claims = await Promise.all([
      ...ids.map((id) =>
        users.request('PATCH', `/users/me/addresses/${id}`, shopper, {
          isDefaultShipping: true,
          isDefaultBilling: true,
        }),
      ),
      ...['3 Claim St', '4 Claim St', '5 Claim St'].map((line1) =>
        users.request('POST', '/users/me/addresses', shopper, {
          ...WORK,
          line1,
          isDefaultShipping: true,
          isDefaultBilling: true,
        }),
      ),
    ]);
    expect(claims.map((res) => res.statusCode)).toEqual([200, 200, 201, 201, 201]);
    const claimed = claims.map((res) => res.json().id as string);
    const after = await defaults();
    expect(after.shipping).toHaveLength(1);
    expect(after.billing).toHaveLength(1);
    expect(claimed).toContain(after.shipping[0]);
    expect(claimed).toContain(after.billing[0]);
  });

  it('edits some fields of an address, and null clears an optional one', async () => {
    const shopper = await users.newShopper();
    const home = (await users.request('POST', '/users/me/addresses', shopper, HOME)).json();
    const res = await users.request('PATCH', `/users/me/addresses/${home.id}`, shopper, {
      line1: '13 Marylebone Street',
      line2: null,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ line1: '13 Marylebone Street', city: 'London', phone: HOME.phone });
    expect(res.json().line2).toBeUndefined();
  });

  it('deletes an address', async () => {
    const shopper = await users.newShopper();
    const home = (await users.request('POST', '/users/me/addresses', shopper, HOME)).json();
    expect((await users.request('DELETE', `/users/me/addresses/${home.id}`, shopper)).statusCode).toBe(204);
    expect((await users.request('GET', '/users/me/addresses', shopper)).json().addresses).toEqual([]);
    expect((await users.request('DELETE', `/users/me/addresses/${home.id}`, shopper)).statusCode).toBe(404);
  });

  it('refuses an address with missing or malformed fields, naming them, and stores nothing', async () => {
    const shopper = await users.newShopper();
    const res = await users.request('POST', '/users/me/addresses', shopper, {
      ...HOME,
      country: 'Britain',
      city: undefined,
    });
    expect(res.statusCode).toBe(400);
    const fields = res
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['body.city', 'body.country']);
    expect((await users.request('GET', '/users/me/addresses', shopper)).json().addresses).toEqual([]);
  });
});
