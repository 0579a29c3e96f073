import { Registry } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createOutbox,
  createOutboxRelay,
  createPostgresDatabase,
  createSqlOutboxStore,
  type EventEnvelope,
  type EventPublisher,
  migrateEventTables,
  type SqlDatabase,
} from '../src/index.js';
import { contractSchemas, createTestDatabase, type TestDatabase, waitFor } from '../src/testing/index.js';

// The relay that holds its rows' locks while it publishes (the default with a broker), against
// the failures the broker-level tests can't stage precisely: a publish that fails, two relays at
// once, a relay that stalls.
describe('outbox relay with row locks (real PostgreSQL)', () => {
  let testDb: TestDatabase;
  let db: SqlDatabase;

  // A publisher whose publish() waits until the test lets it go (or fail).
  function heldPublisher() {
    const published: EventEnvelope[][] = [];
    const held: { release: () => void; fail: (error: Error) => void }[] = [];
    const publisher: EventPublisher = {
      publish: (events) =>
        new Promise<void>((resolve, reject) => {
          held.push({
            release: () => {
              published.push(events);
              resolve();
            },
            fail: reject,
          });
        }),
    };
    return { publisher, published, held };
  }

  const outboxFor = (publisher: EventPublisher, claimSeconds = 30) =>
    createOutbox({ db, publisher, source: '/test', schemas: contractSchemas, batchSize: 2, claimSeconds });

  const enqueue = (count: number) =>
    db.transaction((tx) =>
      outboxFor({ publish: async () => {} }).enqueue(
        tx,
        Array.from({ length: count }, (_, i) => ({
          type: 'test.item_added',
          data: { itemId: `item-${i}`, quantity: 1 },
        })),
      ),
    );
  const pending = async () =>
    (await db.query<{ n: number }>('select count(*)::int as n from event_outbox')).rows[0]!.n;

  beforeAll(async () => {
    testDb = await createTestDatabase('kit_outbox_relay');
    db = createPostgresDatabase({ url: testDb.url });
    await migrateEventTables(db);
  });
  beforeEach(async () => {
    await db.exec('delete from event_outbox');
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it('removes a batch only once the publisher confirmed it', async () => {
    const [first, second] = await enqueue(2);
    const { publisher, published, held } = heldPublisher();
    const relayed = outboxFor(publisher).relayOnce();
    await waitFor(() => held.length === 1);
    expect(await pending()).toBe(2);
    held[0]!.release();
    expect(await relayed).toBe(2);
    expect(published[0]!.map((event) => event.id)).toEqual([first!.id, second!.id]);
    expect(await pending()).toBe(0);
  });

  it('keeps a batch whose publish failed, and relays it on the next pass', async () => {
    await enqueue(1);
    const failing = heldPublisher();
    const relayed = outboxFor(failing.publisher).relayOnce();
    await waitFor(() => failing.held.length === 1);
    failing.held[0]!.fail(new Error('broker unreachable'));
    await expect(relayed).rejects.toThrow('broker unreachable');
    expect(await pending()).toBe(1);

    const retried = await outboxFor({ publish: async () => {} }).relayOnce();
    expect(retried).toBe(1);
    expect(await pending()).toBe(0);
  });

  it('never hands the same rows to two relays at once', async () => {
    await enqueue(3);
    const a = heldPublisher();
    const b = heldPublisher();
    const relayedByA = outboxFor(a.publisher).relayOnce();
    await waitFor(() => a.held.length === 1);
    const relayedByB = outboxFor(b.publisher).relayOnce();
    await waitFor(() => b.held.length === 1);
    a.held[0]!.release();
    b.held[0]!.release();
    expect((await relayedByA) + (await relayedByB)).toBe(3);
    const ids = [...a.published.flat(), ...b.published.flat()].map((event) => event.id);
    expect(new Set(ids).size).toBe(3);
    expect(await pending()).toBe(0);
  });

  it('gives up a publish not confirmed within the claim time, so another relay takes its rows', async () => {
    await enqueue(1);
    const stalled = heldPublisher();
    const relayedByStalled = outboxFor(stalled.publisher, 1).relayOnce();
    await waitFor(() => stalled.held.length === 1);
    await expect(relayedByStalled).rejects.toThrow(/not confirmed/);

    expect(await outboxFor({ publish: async () => {} }).relayOnce()).toBe(1);
    expect(await pending()).toBe(0);
  });

  // The claim-then-mark-sent way, taken for publishers that deliver in this process and by any
  // store without row locks (the product catalog's MongoDB outbox).
  const inProcess = (published: EventEnvelope[][]): EventPublisher => ({
    deliversInProcess: true,
    publish: async (events) => {
      published.push(events);
    },
  });

  it('claims each event for one of two relays running at once, and removes what they published', async () => {
    await enqueue(5);
    const published: EventEnvelope[][] = [];
    const relayFor = () =>
      createOutboxRelay({ store: createSqlOutboxStore(db), publisher: inProcess(published), batchSize: 2 });
    const counts = await Promise.all([relayFor().relayOnce(), relayFor().relayOnce()]);
    expect(counts[0]! + counts[1]!).toBe(4);
    const ids = published.flat().map((event) => event.id);
    expect(new Set(ids).size).toBe(4);
    expect(await pending()).toBe(1);
  });

  it('leaves a claimed batch alone until its claim expires when the publish failed', async () => {
    await enqueue(1);
    const store = createSqlOutboxStore(db);
    const failing = createOutboxRelay({
      store,
      claimSeconds: 1,
      publisher: {
        deliversInProcess: true,
        publish: async () => {
          throw new Error('handler crashed');
        },
      },
    });
    await expect(failing.relayOnce()).rejects.toThrow('handler crashed');
    const published: EventEnvelope[][] = [];
    const next = createOutboxRelay({ store, publisher: inProcess(published) });
    expect(await next.relayOnce()).toBe(0);
    await waitFor(async () => (await next.relayOnce()) === 1);
    expect(await pending()).toBe(0);
  });

  it('relays events committed while it sleeps as soon as it is kicked, and counts them', async () => {
    const metrics = new Registry();
    const published: EventEnvelope[][] = [];
    const store = createSqlOutboxStore(db);
    let emptyClaims = 0;
    const relay = createOutboxRelay({
      store: {
        ...store,
        claim: async (limit, claimSeconds) => {
          const claimed = await store.claim(limit, claimSeconds);
          if (claimed.length === 0) emptyClaims += 1;
          return claimed;
        },
      },
      publisher: inProcess(published),
      metrics,
      // Longer than the test: only the kick can make it look at the outbox again.
      idleDelayMs: 60_000,
    });
    relay.start();
    try {
      await waitFor(() => emptyClaims === 1);
      const [event] = await enqueue(1);
      relay.kick();
      await waitFor(() => published.flat().some((e) => e.id === event!.id));
    } finally {
      // Lets the pass that published finish: it removes the event, then counts it.
      await relay.stop();
    }
    expect(await pending()).toBe(0);
    const counted = await metrics.getSingleMetricAsString('emporium_events_published_total');
    expect(counted).toMatch(/emporium_events_published_total\{type="test.item_added"\} 1/);
  });
});
