// The profile's notification preferences: the one place a shopper's e-mail switches are changed,
// each change published as user.preferences_changed for the notification service's copy.
import { sql } from '@emporium/platform';
import { waitFor } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Shopper, startUserHarness, type UserHarness } from './harness.js';

const ALL_ON = { email_verified: true, order_cancelled: true, payment_failed: true, order_shipped: true };

describe('notification preferences', () => {
  let users: UserHarness;
  beforeAll(async () => {
    users = await startUserHarness();
  });
  afterAll(() => users.close());

  const preferencesOf = async (shopper: Shopper) =>
    (await users.request('GET', '/users/me/preferences', shopper)).json();
  const eventsOf = (shopper: Shopper) =>
    users.published.filter((event) => (event.data as { userId: string }).userId === shopper.id);

  it('starts with every optional kind on', async () => {
    const shopper = await users.newShopper();
    expect(await preferencesOf(shopper)).toEqual({ email: ALL_ON });
  });

  it('changes one kind and keeps the others', async () => {
    const shopper = await users.newShopper();
    const first = await users.request('PATCH', '/users/me/preferences', shopper, {
      email: { order_shipped: false },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ email: { ...ALL_ON, order_shipped: false } });

    await users.request('PATCH', '/users/me/preferences', shopper, { email: { payment_failed: false } });
    const expected = { email: { ...ALL_ON, order_shipped: false, payment_failed: false } };
    expect(await preferencesOf(shopper)).toEqual(expected);
    expect((await users.request('GET', '/users/me', shopper)).json().preferences).toEqual(expected);
  });

  it.each([
    ['a kind that always goes', { email: { password_reset: false } }, 'body.email.password_reset'],
    ['an unknown kind', { email: { marketing: true } }, 'body.email.marketing'],
    ['a value that is not a boolean', { email: { order_shipped: 'off' } }, 'body.email.order_shipped'],
    ['another channel', { email: { order_shipped: false }, inApp: { order_shipped: false } }, 'body.inApp'],
    ['an empty change', { email: {} }, 'body.email'],
  ])('refuses %s with 400 problem+json naming the field, and changes nothing', async (_, body, field) => {
    const shopper = await users.newShopper();
    const res = await users.request('PATCH', '/users/me/preferences', shopper, body);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors).toEqual([expect.objectContaining({ field })]);

    expect(await preferencesOf(shopper)).toEqual({ email: ALL_ON });
    const { rows } = await users.service.ctx.db.query(
      sql`select preferences_version as version from profiles where user_id = ${shopper.id}`,
    );
    expect(rows[0]).toEqual({ version: 0 });
  });

  it("changes only the caller's own preferences", async () => {
    const alice = await users.newShopper();
    const bob = await users.newShopper();
    const smuggled = await users.request('PATCH', '/users/me/preferences', bob, {
      userId: alice.id,
      email: { order_cancelled: false },
    });
    expect(smuggled.statusCode).toBe(400);
    expect(smuggled.json().errors).toEqual([expect.objectContaining({ field: 'body.userId' })]);

    await users.request('PATCH', '/users/me/preferences', bob, { email: { order_cancelled: false } });
    expect(await preferencesOf(alice)).toEqual({ email: ALL_ON });
    expect(await preferencesOf(bob)).toEqual({ email: { ...ALL_ON, order_cancelled: false } });
  });

  it('publishes every change with all the switches and a growing version', async () => {
    const shopper = await users.newShopper();
    await users.request('PATCH', '/users/me/preferences', shopper, { email: { order_shipped: false } });
    await users.request('PATCH', '/users/me/preferences', shopper, { email: { email_verified: false } });
    await users.request('PATCH', '/users/me/preferences', shopper, { email: { order_shipped: true } });
    await waitFor(() => eventsOf(shopper).length === 3);

    const events = eventsOf(shopper).sort(
      (a, b) => (a.data as { version: number }).version - (b.data as { version: number }).version,
    );
    expect(events.map((event) => event.data)).toEqual([
      { userId: shopper.id, version: 1, email: { ...ALL_ON, order_shipped: false } },
      { userId: shopper.id, version: 2, email: { ...ALL_ON, order_shipped: false, email_verified: false } },
      { userId: shopper.id, version: 3, email: { ...ALL_ON, email_verified: false } },
    ]);
    expect(events[0]).toMatchObject({
      type: 'user.preferences_changed',
      source: '/services/user',
      subject: shopper.id,
    });
  });

  it('publishes nothing and keeps the version when a change sets what is already set', async () => {
    const shopper = await users.newShopper();
    await users.request('PATCH', '/users/me/preferences', shopper, { email: { order_shipped: false } });
    const same = await users.request('PATCH', '/users/me/preferences', shopper, {
      email: { order_shipped: false, payment_failed: true },
    });
    expect(same.statusCode).toBe(200);
    expect(same.json()).toEqual({ email: { ...ALL_ON, order_shipped: false } });

    // A later real change is published as version 2: the repeated one was not counted.
    await users.request('PATCH', '/users/me/preferences', shopper, { email: { payment_failed: false } });
    await waitFor(() => eventsOf(shopper).some((event) => (event.data as { version: number }).version === 2));
    expect(eventsOf(shopper)).toHaveLength(2);
  });

  it('keeps both of two changes made at once, with versions 1 and 2', async () => {
    const shopper = await users.newShopper();
    const answers = await Promise.all([
      users.request('PATCH', '/users/me/preferences', shopper, { email: { order_shipped: false } }),
      users.request('PATCH', '/users/me/preferences', shopper, { email: { order_cancelled: false } }),
    ]);
    expect(answers.map((res) => res.statusCode)).toEqual([200, 200]);
    const both = { email: { ...ALL_ON, order_shipped: false, order_cancelled: false } };
    expect(await preferencesOf(shopper)).toEqual(both);

    await waitFor(() => eventsOf(shopper).length === 2);
    const newest = eventsOf(shopper).find((event) => (event.data as { version: number }).version === 2);
    expect(newest?.data).toEqual({ userId: shopper.id, version: 2, ...both });
  });

  it('answers 404 profile-not-found, and publishes nothing, before the profile exists', async () => {
    const early = await users.shopperWithoutProfile();
    const res = await users.request('PATCH', '/users/me/preferences', early, {
      email: { order_shipped: false },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().type).toMatch(/profile-not-found$/);
    const { rows } = await users.service.ctx.db.query(
      sql`select 1 from event_outbox where envelope->'data'->>'userId' = ${early.id}`,
    );
    expect(rows).toHaveLength(0);
    expect(eventsOf(early)).toHaveLength(0);
  });
});
