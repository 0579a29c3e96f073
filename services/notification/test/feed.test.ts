import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrder } from './support/events.js';
import { type Harness, startHarness } from './support/harness.js';
import { openEventStream, type SseStream } from './support/sse-client.js';

async function listen(harness: Harness): Promise<string> {
  await harness.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(harness.app.server.address() as AddressInfo).port}`;
}

describe('in-app notification feed', () => {
  let harness: Harness;
  let baseUrl: string;
  const streams: SseStream[] = [];

  const bearer = async (userId: string) => ({
    authorization: `Bearer ${await harness.tokens.sign({ userId })}`,
  });
  const stream = async (userId: string, headers: Record<string, string> = {}) => {
    const token = await harness.tokens.sign({ userId });
    const opened = await openEventStream(`${baseUrl}/notifications/stream?access_token=${token}`, headers);
    streams.push(opened);
    return opened;
  };
  const feedOf = async (userId: string, query = '') =>
    harness.app.inject({ method: 'GET', url: `/notifications${query}`, headers: await bearer(userId) });
  const confirmOrderFor = async (userId: string) => {
    const order = anOrder({ userId });
    await harness.publish('order.confirmed', order);
    return order;
  };

  beforeAll(async () => {
    harness = await startHarness({ SMTP_URL: 'memory:', SSE_HEARTBEAT_SECONDS: '1' });
    baseUrl = await listen(harness);
  });
  afterAll(async () => {
    for (const opened of streams) opened.close();
    await harness?.close();
  });

  it('pushes an order-confirmed notification to an open stream within a second of the event', async () => {
    const userId = randomUUID();
    const live = await stream(userId);
    expect(live.status).toBe(200);
    await live.next('ready');

    const order = await confirmOrderFor(userId);
    const pushed = await live.next('notification', 1000);

    expect(JSON.parse(pushed.data)).toMatchObject({
      kind: 'order_confirmed',
      title: `Order ${order.orderNumber} confirmed`,
      body: '3 items, total €49.94.',
      link: `/orders/${order.orderId}`,
      readAt: null,
    });
    expect(pushed.id).toBe(JSON.parse(pushed.data).id);
  });

  it('accepts the token in the Authorization header as well', async () => {
    const userId = randomUUID();
    const live = await openEventStream(`${baseUrl}/notifications/stream`, await bearer(userId));
    streams.push(live);
    expect(JSON.parse((await live.next('ready')).data)).toEqual({ unread: 0 });
  });

  it('refuses a stream without a valid token with 401', async () => {
    const none = await openEventStream(`${baseUrl}/notifications/stream`);
    const forged = await openEventStream(`${baseUrl}/notifications/stream?access_token=not.a.jwt`);
    expect(none.status).toBe(401);
    expect(forged.status).toBe(401);
  });

  it('only pushes a user their own notifications', async () => {
    const mine = randomUUID();
    const live = await stream(mine);
    await live.next('ready');
    await confirmOrderFor(randomUUID());
    const own = await confirmOrderFor(mine);
    const pushed = await live.next('notification');
    expect(JSON.parse(pushed.data).link).toBe(`/orders/${own.orderId}`);
    expect(live.events.filter((event) => event.event === 'notification')).toHaveLength(1);
  });

  it('ends the stream when the access token expires', async () => {
    const token = await harness.tokens.sign({ userId: randomUUID(), expiresIn: '2s' });
    const live = await openEventStream(`${baseUrl}/notifications/stream?access_token=${token}`);
    streams.push(live);
    await live.next('ready');
    await waitFor(() => live.ended, 10_000);
  });

  it('holds at most five streams per account: one more ends the oldest, telling it why', async () => {
    const userId = randomUUID();
    const oldest = await stream(userId);
    await oldest.next('ready');
    const newer = await Promise.all(Array.from({ length: 5 }, () => stream(userId)));
    await Promise.all(newer.map((live) => live.next('ready')));

    const superseded = await oldest.next('superseded');
    expect(JSON.parse(superseded.data)).toEqual({ reason: 'too-many-streams' });
    await waitFor(() => oldest.ended, 5000);
    expect(newer.filter((live) => live.ended)).toHaveLength(0);

    // The five left still get what happens, and the superseded one nothing more.
    await confirmOrderFor(userId);
    await Promise.all(newer.map((live) => live.next('notification', 2000)));
    expect(oldest.events.filter((event) => event.event === 'notification')).toHaveLength(0);
  });

  it('keeps exactly five of an account opened all at once, and leaves other accounts alone', async () => {
    const userId = randomUUID();
    const bystander = await stream(randomUUID());
    await bystander.next('ready');
    const opened = await Promise.all(Array.from({ length: 8 }, () => stream(userId)));
    expect(opened.map((live) => live.status)).toEqual(Array(8).fill(200));
    await waitFor(() => opened.filter((live) => live.ended).length === 3, 5000);
    const open = opened.filter((live) => !live.ended);
    expect(open).toHaveLength(5);
    expect(opened.filter((live) => live.events.some((event) => event.event === 'superseded'))).toHaveLength(
      3,
    );
    await Promise.all(open.map((live) => live.next('ready')));
    expect(bystander.ended).toBe(false);
  });

  it('sends heartbeats while nothing happens', async () => {
    const live = await stream(randomUUID());
    await live.next('ready');
    await waitFor(() => live.comments >= 1, 5000);
  });

  it('replays what a reconnecting client missed after its Last-Event-ID', async () => {
    const userId = randomUUID();
    await confirmOrderFor(userId);
    await waitFor(async () => (await feedOf(userId)).json().items.length === 1);
    const seen = (await feedOf(userId)).json().items[0].id;
    const missed = await confirmOrderFor(userId);
    await waitFor(async () => (await feedOf(userId)).json().items.length === 2);

    const live = await stream(userId, { 'last-event-id': seen });
    const replayed = await live.next('notification');
    expect(JSON.parse(replayed.data).link).toBe(`/orders/${missed.orderId}`);
  });

  it('lists the feed newest first, a page at a time', async () => {
    const userId = randomUUID();
    const orders = [];
    for (let i = 0; i < 3; i++) {
      orders.push(await confirmOrderFor(userId));
      await waitFor(async () => (await feedOf(userId)).json().items.length === i + 1);
    }

    const first = (await feedOf(userId, '?limit=2')).json();
    expect(first.items.map((n: { link: string }) => n.link)).toEqual([
      `/orders/${orders[2]!.orderId}`,
      `/orders/${orders[1]!.orderId}`,
    ]);
    const second = (await feedOf(userId, `?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((n: { link: string }) => n.link)).toEqual([`/orders/${orders[0]!.orderId}`]);
    expect(second.nextCursor).toBeNull();
  });

  it('counts unread notifications and marks one or all as read', async () => {
    const userId = randomUUID();
    const headers = await bearer(userId);
    for (let i = 0; i < 3; i++) await confirmOrderFor(userId);
    const unread = async () =>
      (await harness.app.inject({ method: 'GET', url: '/notifications/unread-count', headers })).json()
        .unread;
    await waitFor(async () => (await unread()) === 3);

    const [newest] = (await feedOf(userId)).json().items;
    const read = await harness.app.inject({
      method: 'POST',
      url: `/notifications/${newest.id}/read`,
      headers,
    });
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    expect(await unread()).toBe(2);
    expect((await feedOf(userId, '?unread=true')).json().items).toHaveLength(2);

    const all = await harness.app.inject({ method: 'POST', url: '/notifications/read-all', headers });
    expect(all.json()).toEqual({ marked: 2 });
    expect(await unread()).toBe(0);
  });

  it("answers 404 when a shopper marks someone else's notification", async () => {
    const owner = randomUUID();
    await confirmOrderFor(owner);
    await waitFor(async () => (await feedOf(owner)).json().items.length === 1);
    const [notification] = (await feedOf(owner)).json().items;

    const res = await harness.app.inject({
      method: 'POST',
      url: `/notifications/${notification.id}/read`,
      headers: await bearer(randomUUID()),
    });
    expect(res.statusCode).toBe(404);
    expect((await feedOf(owner)).json().items[0].readAt).toBeNull();
  });

  it('rejects a malformed cursor with 400 and an anonymous caller with 401', async () => {
    const userId = randomUUID();
    expect((await feedOf(userId, '?cursor=abc')).statusCode).toBe(400);
    expect((await harness.app.inject({ method: 'GET', url: '/notifications' })).statusCode).toBe(401);
  });

  it('pushes to a stream held by another replica (PostgreSQL LISTEN/NOTIFY)', async () => {
    // Same database, but its own exchange: it never consumes the event itself.
    const other = await startHarness({ SMTP_URL: 'memory:', DATABASE_URL: harness.databaseUrl });
    try {
      const otherUrl = await listen(other);
      const userId = randomUUID();
      const otherToken = await other.tokens.sign({ userId });
      const live = await openEventStream(`${otherUrl}/notifications/stream?access_token=${otherToken}`);
      streams.push(live);
      await live.next('ready');

      const order = await confirmOrderFor(userId);
      const pushed = await live.next('notification');
      expect(JSON.parse(pushed.data).link).toBe(`/orders/${order.orderId}`);
    } finally {
      await other.close();
    }
  });
});
