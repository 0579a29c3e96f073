import { sql } from '@emporium/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUserHarness, type UserHarness } from './harness.js';

describe('profile', () => {
  let users: UserHarness;
  beforeAll(async () => {
    users = await startUserHarness();
  });
  afterAll(() => users.close());

  it('creates the profile from user.registered, with e-mail and display name', async () => {
    const shopper = await users.newShopper({ displayName: 'Ada' });
    const res = await users.request('GET', '/users/me', shopper);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: shopper.id,
      email: shopper.email,
      name: 'Ada',
      phone: null,
      preferences: {
        email: { email_verified: true, order_cancelled: true, payment_failed: true, order_shipped: true },
      },
    });
  });

  it('edits name and phone, and null clears the phone', async () => {
    const shopper = await users.newShopper();
    const edited = await users.request('PATCH', '/users/me', shopper, {
      name: 'Grace Hopper',
      phone: '+1 555 0100',
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ name: 'Grace Hopper', phone: '+1 555 0100' });
    expect((await users.request('GET', '/users/me', shopper)).json().phone).toBe('+1 555 0100');

    await users.request('PATCH', '/users/me', shopper, { phone: null });
    expect((await users.request('GET', '/users/me', shopper)).json()).toMatchObject({
      name: 'Grace Hopper',
      phone: null,
    });
  });

  it('serves reads from the cache and drops the cached copy on every write', async () => {
    const shopper = await users.newShopper();
    await users.request('GET', '/users/me', shopper);
    const key = `${users.redisPrefix}profile:${shopper.id}`;
    expect(await users.redis.exists(key)).toBe(1);

    // A change made behind the service's back is not seen while the cached copy lives...
    await users.service.ctx.db.query(
      sql`update profiles set name = 'Changed Directly' where user_id = ${shopper.id}`,
    );
    expect((await users.request('GET', '/users/me', shopper)).json().name).toBeNull();
    // ...and a write through the service invalidates it.
    await users.request('PATCH', '/users/me', shopper, { phone: '+1 555 0199' });
    expect(await users.redis.exists(key)).toBe(0);
    expect((await users.request('GET', '/users/me', shopper)).json()).toMatchObject({
      name: 'Changed Directly',
      phone: '+1 555 0199',
    });
  });

  it('keeps only ciphertext of the phone in the cache', async () => {
    const shopper = await users.newShopper();
    await users.request('PATCH', '/users/me', shopper, { phone: '+1 555 0142' });
    await users.request('GET', '/users/me', shopper);
    const cached = await users.redis.get(`${users.redisPrefix}profile:${shopper.id}`);
    expect(cached).toBeTruthy();
    expect(cached).not.toContain('555 0142');
  });

  it('refuses a bad phone number with 400 naming the field', async () => {
    const shopper = await users.newShopper();
    const phone = await users.request('PATCH', '/users/me', shopper, { phone: 'call me maybe' });
    expect(phone.statusCode).toBe(400);
    expect(phone.json().errors[0].field).toBe('body.phone');
  });

  it('requires a token', async () => {
    expect((await users.request('GET', '/users/me', undefined)).statusCode).toBe(401);
  });

  it('leaves an existing profile alone when user.registered arrives again', async () => {
    const shopper = await users.newShopper({ displayName: 'First' });
    await users.request('PATCH', '/users/me', shopper, { name: 'Renamed' });
    await users.announceRegistration({ userId: shopper.id, email: shopper.email, displayName: 'Again' });
    expect((await users.request('GET', '/users/me', shopper)).json().name).toBe('Renamed');
  });
});
