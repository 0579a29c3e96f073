// The e-mail switches this service honours: a copy of the switches in the user's profile, kept
// from user.preferences_changed (newest version wins), read back by GET /notifications/preferences.
import { randomUUID } from 'node:crypto';
import type { EventData } from '@emporium/contracts';
import { type EventEnvelope, openSqlDatabase, type SqlDatabase, sql } from '@emporium/platform';
import { waitFor } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPreferencesChanged } from '../src/events/preferences-changed.js';
import { anOrder } from './support/events.js';
import { type Harness, startHarness } from './support/harness.js';
import { startTestSmtpServer, type TestSmtpServer } from './support/smtp-server.js';

const ALL_ON = { email_verified: true, order_cancelled: true, payment_failed: true, order_shipped: true };
type Switches = EventData<'user.preferences_changed'>['email'];

describe('e-mail preferences', () => {
  let smtp: TestSmtpServer;
  let harness: Harness;
  let db: SqlDatabase;

  const as = async (userId: string) => ({ authorization: `Bearer ${await harness.tokens.sign({ userId })}` });
  const switchesOf = async (userId: string) =>
    (
      await harness.app.inject({
        method: 'GET',
        url: '/notifications/preferences',
        headers: await as(userId),
      })
    ).json().email as Switches;
  const deliveriesTo = async (recipient: string) =>
    (
      await harness.app.inject({
        method: 'GET',
        url: `/admin/notifications/deliveries?recipient=${encodeURIComponent(recipient)}`,
        headers: { authorization: `Bearer ${await harness.adminToken()}` },
      })
    ).json().items as { kind: string; status: string; lastError: string | null }[];
  const handled = async (event: EventEnvelope) =>
    (await db.query(sql`select 1 from event_inbox where event_id = ${event.id}`)).rowCount === 1;
  /** Publishes a change as the user service would and waits until it has been handled. */
  const preferencesChanged = async (userId: string, version: number, email: Partial<Switches>) => {
    const event = await harness.publish('user.preferences_changed', {
      userId,
      version,
      email: { ...ALL_ON, ...email },
    });
    await waitFor(() => handled(event));
    return event;
  };

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    harness = await startHarness({ SMTP_URL: smtp.url });
    db = await openSqlDatabase(harness.databaseUrl);
  });
  afterAll(async () => {
    await db?.close();
    await harness?.close();
    await smtp?.close();
  });

  it('starts with every optional kind on and lists the kinds that always go', async () => {
    const res = await harness.app.inject({
      method: 'GET',
      url: '/notifications/preferences',
      headers: await as(randomUUID()),
    });
    expect(res.json()).toEqual({
      email: ALL_ON,
      alwaysSent: expect.arrayContaining(['password_reset', 'order_confirmed', 'refund_issued']),
    });
  });

  it('stops e-mailing a kind the shopper turned off in the profile, keeping it in the feed and the log', async () => {
    const userId = randomUUID();
    await preferencesChanged(userId, 1, { order_shipped: false });
    expect(await switchesOf(userId)).toEqual({ ...ALL_ON, order_shipped: false });

    const order = anOrder({ userId });
    await harness.publish('order.shipped', order);
    await harness.publish('order.confirmed', order);
    await waitFor(async () => (await deliveriesTo(order.email)).length === 2);
    await waitFor(() => smtp.to(order.email).length === 1);
    await waitFor(async () => (await deliveriesTo(order.email)).some((d) => d.status === 'sent'));

    const byKind = Object.fromEntries((await deliveriesTo(order.email)).map((d) => [d.kind, d]));
    expect(byKind.order_shipped).toMatchObject({
      status: 'suppressed',
      lastError: expect.stringMatching(/turned/),
    });
    // A receipt goes whatever the preferences say.
    expect(byKind.order_confirmed).toMatchObject({ status: 'sent' });
    expect(smtp.to(order.email).map((mail) => mail.subject)).toEqual([
      `Order ${order.orderNumber} confirmed`,
    ]);

    const feed = await harness.app.inject({
      method: 'GET',
      url: '/notifications',
      headers: await as(userId),
    });
    expect(
      feed
        .json()
        .items.map((n: { kind: string }) => n.kind)
        .sort(),
    ).toEqual(['order_confirmed', 'order_shipped']);
  });

  it('e-mails the kind again once a newer change turns it back on', async () => {
    const userId = randomUUID();
    await preferencesChanged(userId, 1, { order_shipped: false, payment_failed: false });
    await preferencesChanged(userId, 2, { payment_failed: false });
    expect(await switchesOf(userId)).toEqual({ ...ALL_ON, payment_failed: false });

    const order = anOrder({ userId });
    await harness.publish('order.shipped', order);
    await waitFor(() => smtp.to(order.email).length === 1);
    expect(smtp.to(order.email)[0]!.subject).toBe(`Order ${order.orderNumber} is on its way`);
  });

  it('keeps the newer switches when an older change arrives late', async () => {
    const userId = randomUUID();
    await preferencesChanged(userId, 2, { order_cancelled: false });
    await preferencesChanged(userId, 1, {});
    expect(await switchesOf(userId)).toEqual({ ...ALL_ON, order_cancelled: false });

    const order = anOrder({ userId });
    await harness.publish('order.cancelled', { ...order, reason: 'out of stock' });
    await waitFor(async () => (await deliveriesTo(order.email))[0]?.status === 'suppressed');
  });

  it('changes nothing when a change is delivered again, whether under its own id or another', async () => {
    const userId = randomUUID();
    const first = await preferencesChanged(userId, 1, { email_verified: false });
    await preferencesChanged(userId, 2, {});

    await harness.republish(first);
    // Redelivered under its own id the inbox drops it; replayed under a new id its version does.
    await onPreferencesChanged(db, first);
    await onPreferencesChanged(db, { ...first, id: randomUUID() });
    await preferencesChanged(userId, 2, { order_shipped: false });
    expect(await switchesOf(userId)).toEqual(ALL_ON);
  });

  it('no longer takes changes here: they are made in the profile', async () => {
    const res = await harness.app.inject({
      method: 'PUT',
      url: '/notifications/preferences',
      headers: await as(randomUUID()),
      payload: { email: { order_shipped: false } },
    });
    expect([404, 405]).toContain(res.statusCode);
  });

  it('e-mails a guest order without a feed entry', async () => {
    const { userId: _none, ...guestOrder } = anOrder();
    const event = await harness.publish('order.confirmed', guestOrder);
    await waitFor(() => smtp.to(guestOrder.email).length === 1);
    expect(smtp.to(guestOrder.email)[0]!.subject).toBe(`Order ${guestOrder.orderNumber} confirmed`);

    const { rows } = await db.query(sql`select 1 from notifications where event_id = ${event.id}`);
    expect(rows).toHaveLength(0);
  });
});
