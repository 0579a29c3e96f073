// One contract suite for every EventBus adapter (RabbitMQ, in-process), exercised through the
// outbox and inbox exactly as services use them.
import { setTimeout as sleep } from 'node:timers/promises';
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBus } from '../events/bus.js';
import { createEnvelope, type EventEnvelope, type EventSchemas } from '../events/envelope.js';
import { handleOnce } from '../events/inbox.js';
import { createOutbox, migrateEventTables, type Outbox } from '../events/outbox.js';
import type { SqlDatabase } from '../sql/database.js';

export const contractSchemas: EventSchemas = {
  'test.item_added': Type.Object({ itemId: Type.String(), quantity: Type.Integer({ minimum: 1 }) }),
  'test.item_removed': Type.Object({ itemId: Type.String() }),
  'test.poison': Type.Object({ itemId: Type.String() }),
};

export interface BusFixture {
  bus: EventBus;
  db: SqlDatabase;
  dispose(): Promise<void>;
}

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}

export function describeEventBusContract(adapter: string, open: () => Promise<BusFixture>): void {
  describe(`EventBus contract: ${adapter}`, () => {
    let fixture: BusFixture;
    let outbox: Outbox;
    const effects = new Map<string, string[]>();
    // Every envelope a consumer was handed, by event id (the last one, if redelivered).
    const received = new Map<string, EventEnvelope>();
    const failuresLeft = new Map<string, number>();

    const count = async (consumer: string) => {
      const { rows } = await fixture.db.query<{ n: number }>(
        'select count(*)::int as n from applied_effects where consumer = $1',
        [consumer],
      );
      return rows[0]?.n ?? 0;
    };

    // A consumer whose effect is a row in the same transaction as its inbox record.
    const consume = (consumer: string, eventTypes: string[], retryDelaysMs = [50, 100]) =>
      fixture.bus.subscribe({
        consumer,
        eventTypes,
        retryDelaysMs,
        handle: async (event: EventEnvelope) => {
          received.set(event.id, event);
          if (event.type === 'test.poison') throw new Error('handler cannot process this');
          const remaining = failuresLeft.get(event.id) ?? 0;
          if (remaining > 0) {
            failuresLeft.set(event.id, remaining - 1);
            throw new Error('transient failure');
          }
          await handleOnce(fixture.db, consumer, event, async (tx) => {
            await tx.query('insert into applied_effects (consumer, event_id) values ($1, $2)', [
              consumer,
              event.id,
            ]);
          });
          effects.set(consumer, [...(effects.get(consumer) ?? []), event.id]);
        },
      });

    beforeAll(async () => {
      fixture = await open();
      await migrateEventTables(fixture.db);
      await fixture.db.exec(
        'create table applied_effects (consumer text, event_id text, unique (consumer, event_id))',
      );
      outbox = createOutbox({
        db: fixture.db,
        publisher: fixture.bus,
        source: '/test',
        schemas: contractSchemas,
        idleDelayMs: 20,
        // Two relay loops, as two replicas would run: row locks (or claims) keep them off each other's rows.
        relays: 2,
      });
      await consume('inventory', ['test.item_added', 'test.item_removed', 'test.poison']);
      await consume('analytics', ['test.item_added']);
      outbox.start();
    });

    afterAll(async () => {
      await outbox.stop();
      await fixture.dispose();
    });

    it('delivers a committed event to every subscribed consumer once', async () => {
      await outbox.transaction(async (_tx, emit) => {
        emit({ type: 'test.item_added', subject: 'sku-1', data: { itemId: 'sku-1', quantity: 2 } });
      });
      await waitFor(async () => (await count('inventory')) >= 1 && (await count('analytics')) >= 1);
      expect(await count('inventory')).toBe(1);
      expect(await count('analytics')).toBe(1);
    });

    it('delivers only the types a consumer is bound to', async () => {
      const before = await count('analytics');
      await outbox.transaction(async (_tx, emit) =>
        emit({ type: 'test.item_removed', data: { itemId: 'x' } }),
      );
      await waitFor(async () => (effects.get('inventory') ?? []).length >= 2);
      await sleep(100);
      expect(await count('analytics')).toBe(before);
    });

    it('delivers every type a topic pattern names to a consumer subscribed by pattern', async () => {
      const seen = new Map<string, string>();
      const subscription = await fixture.bus.subscribe({
        consumer: 'by-pattern',
        eventTypes: ['test.*'],
        handle: async (event: EventEnvelope) => {
          seen.set(event.id, event.type);
        },
      });
      try {
        const [added, removed] = await outbox.transaction((tx) =>
          outbox.enqueue(tx, [
            { type: 'test.item_added', data: { itemId: 'p', quantity: 1 } },
            { type: 'test.item_removed', data: { itemId: 'p' } },
          ]),
        );
        await waitFor(() => seen.has(added!.id) && seen.has(removed!.id));
        expect([seen.get(added!.id), seen.get(removed!.id)]).toEqual([
          'test.item_added',
          'test.item_removed',
        ]);
      } finally {
        await subscription.close();
      }
    });

    it('hands consumers the envelope as the producer stored it, field for field', async () => {
      const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      const [stored] = await outbox.transaction((tx) =>
        outbox.enqueue(tx, [
          // Bound by one consumer only, and waited for until applied: the tests after it count effects.
          { type: 'test.item_removed', subject: 'sku-é', traceparent, data: { itemId: 'sku-é "q"' } },
        ]),
      );
      await waitFor(() => (effects.get('inventory') ?? []).includes(stored!.id));
      expect(received.get(stored!.id)).toEqual(stored);
    });

    it('publishes nothing from a transaction that rolls back', async () => {
      const before = await count('inventory');
      await expect(
        outbox.transaction(async (_tx, emit) => {
          emit({ type: 'test.item_added', data: { itemId: 'ghost', quantity: 1 } });
          throw new Error('business rule failed');
        }),
      ).rejects.toThrow('business rule failed');
      await sleep(300);
      expect(await count('inventory')).toBe(before);
    });

    it('refuses to enqueue an event whose data breaks its schema', async () => {
      await expect(
        outbox.transaction(async (_tx, emit) =>
          emit({ type: 'test.item_added', data: { itemId: 'x', quantity: 0 } }),
        ),
      ).rejects.toThrow(/quantity/);
    });

    it('retries a failing handler with backoff until it succeeds', async () => {
      const envelope = createEnvelope('/test', { type: 'test.item_removed', data: { itemId: 'flaky' } });
      failuresLeft.set(envelope.id, 2);
      await fixture.bus.publish([envelope]);
      await waitFor(async () => (effects.get('inventory') ?? []).includes(envelope.id));
      expect(failuresLeft.get(envelope.id)).toBe(0);
    });

    it('dead-letters an event whose handler keeps failing, and replays it on request', async () => {
      const poison = createEnvelope('/test', { type: 'test.poison', data: { itemId: 'p1' } });
      await fixture.bus.publish([poison]);
      await waitFor(async () => (await fixture.bus.deadLetters('inventory')).length === 1);
      const [letter] = await fixture.bus.deadLetters('inventory');
      expect(letter?.reason).toMatch(/cannot process/);
      expect((letter!.event as EventEnvelope).id).toBe(poison.id);
      expect(letter?.attempts).toBe(3);
      // Still there after a peek; replay sends it back through the retries and into the DLQ again.
      expect(await fixture.bus.replayDeadLetters('inventory')).toBe(1);
      await waitFor(async () => (await fixture.bus.deadLetters('inventory')).length === 1);
      await fixture.bus.replayDeadLetters('inventory');
    });

    it('dead-letters an event that fails validation on receipt, with the reason', async () => {
      const bad = createEnvelope('/test', { type: 'test.item_removed', data: { itemId: 42 } });
      await fixture.bus.publish([bad]);
      await waitFor(async () =>
        (await fixture.bus.deadLetters('inventory')).some((l) => (l.event as EventEnvelope).id === bad.id),
      );
      const letters = await fixture.bus.deadLetters('inventory');
      expect(letters.find((l) => (l.event as EventEnvelope).id === bad.id)?.reason).toMatch(/itemId/);
      await fixture.bus.replayDeadLetters('inventory').catch(() => 0);
    });

    it('absorbs a duplicate from a relay that died between publishing and deleting', async () => {
      const before = await count('inventory');
      await outbox.stop();
      const [envelope] = await fixture.db.transaction((tx) =>
        outbox.enqueue(tx, [{ type: 'test.item_added', data: { itemId: 'dup', quantity: 1 } }]),
      );
      // The "dead" relay published the row but never deleted it...
      await fixture.bus.publish([envelope!]);
      // ...so the next relay publishes it again.
      expect(await outbox.relayOnce()).toBe(1);
      await waitFor(
        async () => (effects.get('inventory') ?? []).filter((id) => id === envelope!.id).length === 2,
      );
      expect(await count('inventory')).toBe(before + 1);
      outbox.start();
    });

    it('loses none of 10,000 events through outbox, broker and inbox', async () => {
      const before = await count('analytics');
      for (let batch = 0; batch < 10; batch++) {
        await outbox.transaction(async (_tx, emit) => {
          for (let i = 0; i < 1000; i++) {
            emit({ type: 'test.item_added', data: { itemId: `bulk-${batch}-${i}`, quantity: 1 } });
          }
        });
      }
      await waitFor(async () => (await count('analytics')) >= before + 10_000, 120_000);
      expect(await count('analytics')).toBe(before + 10_000);
      const { rows } = await fixture.db.query<{ n: number }>('select count(*)::int as n from event_outbox');
      expect(rows[0]?.n).toBe(0);
    }, 180_000);
  });
}
