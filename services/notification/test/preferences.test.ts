import { randomUUID } from 'node:crypto';
import { openSqlDatabase } from '@emporium/platform';
import { waitFor } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrder } from './support/events.js';
import { type Harness, startHarness } from './support/harness.js';

describe('e-mail preferences', () => {
  let harness: Harness;

  const as = async (userId: string) => ({ authorization: `Bearer ${await harness.tokens.sign({ userId })}` });
  const deliveriesTo = async (recipient: string) =>
    (
      await harness.app.inject({
        method: 'GET',
        url: `/admin/notifications/deliveries?recipient=${encodeURIComponent(recipient)}`,
        headers: { authorization: `Bearer ${await harness.adminToken()}` },
      })
    ).json().items as { kind: string; status: string; lastError: string | null }[];
  const sinkSubjects = async () =>
    (
      await harness.app.inject({
        method: 'GET',
        url: '/admin/notifications/outbox-mail?limit=100',
        headers: { authorization: `Bearer ${await harness.adminToken()}` },
      })
    )
      .json()
      .items.map((mail: { subject: string }) => mail.subject) as string[];

  beforeAll(async () => {
    harness = await startHarness({ SMTP_URL: 'memory:' });
  });
  afterAll(() => harness?.close());

  it('starts with every optional kind on and lists the kinds that always go', async () => {
    const res = await harness.app.inject({
      method: 'GET',
      url: '/notifications/preferences',
      headers: await as(randomUUID()),
    });
    expect(res.json()).toEqual({
      email: { email_verified: true, order_cancelled: true, payment_failed: true, order_shipped: true },
      alwaysSent: expect.arrayContaining(['password_reset', 'order_confirmed', 'refund_issued']),
    });
  });

  it('stops e-mailing a kind the shopper turned off, keeping it in the feed and the log', async () => {
    const userId = randomUUID();
    const put = await harness.app.inject({
      method: 'PUT',
      url: '/notifications/preferences',
      headers: await as(userId),
      payload: { email: { order_shipped: false } },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().email).toMatchObject({ order_shipped: false, order_cancelled: true });

    const order = anOrder({ userId });
    await harness.publish('order.shipped', order);
    await harness.publish('order.confirmed', order);
    await waitFor(async () => (await deliveriesTo(order.email)).length === 2);
    await waitFor(async () => (await deliveriesTo(order.email)).some((d) => d.status === 'sent'));

    const byKind = Object.fromEntries((await deliveriesTo(order.email)).map((d) => [d.kind, d]));
    expect(byKind.order_shipped).toMatchObject({
      status: 'suppressed',
      lastError: expect.stringMatching(/turned/),
    });
    // A receipt goes whatever the preferences say.
    expect(byKind.order_confirmed).toMatchObject({ status: 'sent' });
    expect(await sinkSubjects()).not.toContain(`Order ${order.orderNumber} is on its way`);

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

  it('refuses to turn off mails that must always go, naming the field', async () => {
    const res = await harness.app.inject({
      method: 'PUT',
      url: '/notifications/preferences',
      headers: await as(randomUUID()),
      payload: { email: { password_reset: false } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'body.email.password_reset' })]);
  });

  it('e-mails a guest order without a feed entry', async () => {
    const { userId: _none, ...guestOrder } = anOrder();
    const event = await harness.publish('order.confirmed', guestOrder);
    await waitFor(async () => (await deliveriesTo(guestOrder.email))[0]?.status === 'sent');
    expect(await sinkSubjects()).toContain(`Order ${guestOrder.orderNumber} confirmed`);

    const db = await openSqlDatabase(harness.databaseUrl);
    try {
      const { rows } = await db.query('select 1 from notifications where event_id = $1', [event.id]);
      expect(rows).toHaveLength(0);
    } finally {
      await db.close();
    }
  });
});
