// The stock ledger's contract, for every SQL database the stock lives in (PGlite embedded,
// PostgreSQL deployed): each change leaves one row, rows chain (each starts where the previous
// ended), and the ledger replays to the stock row.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogStore, StockAdjustment } from '../src/repositories/catalog-store.js';
import { productRecord, testCategories } from './builders.js';

const noEvents = () => [];
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const admin = { actor: 'admin:tester' };
const writeDown = (quantity: number): StockAdjustment => ({
  ...admin,
  quantity: -quantity,
  reason: 'damaged',
});

export function describeStockLedgerContract(
  adapter: string,
  open: () => Promise<{ store: CatalogStore; dispose(): Promise<void> }>,
) {
  describe(`stock ledger contract: ${adapter}`, () => {
    let store: CatalogStore;
    let dispose: () => Promise<void>;
    let reservations = 0;

    beforeAll(async () => {
      ({ store, dispose } = await open());
      for (const category of testCategories) await store.products.upsertCategory(category);
    });
    afterAll(() => dispose());

    async function stocked(quantity: number) {
      const product = productRecord();
      const sku = product.variants[0]!.sku;
      await store.products.insert(product, { [sku]: quantity }, []);
      return sku;
    }
    const level = async (sku: string) => (await store.stock.levels([sku]))[0]!;
    const entries = async (sku: string) => (await store.stock.ledger(sku, { limit: 100_000 })).reverse();
    const reservationId = () => `ledger-${Date.now().toString(36)}-${++reservations}`;
    const reserve = (id: string, sku: string, quantity: number) =>
      store.stock.reserve(id, [{ sku, quantity }], inAnHour(), noEvents);

    /** Replays the SKU's ledger, checking every row starts where the one before it ended. */
    async function expectLedgerReplaysToBalance(sku: string) {
      let available = 0;
      let reserved = 0;
      for (const entry of await entries(sku)) {
        expect(entry.availableBefore).toBe(available);
        expect(entry.reservedBefore).toBe(reserved);
        available += entry.availableDelta;
        reserved += entry.reservedDelta;
        expect(entry.availableAfter).toBe(available);
        expect(entry.reservedAfter).toBe(reserved);
        expect(available).toBeGreaterThanOrEqual(0);
      }
      const row = await level(sku);
      expect({ available, reserved }).toEqual({ available: row.available, reserved: row.reserved });
    }

    it('records every kind of change with who, why and what it refers to', async () => {
      const sku = await stocked(10);
      const sold = reservationId();
      await reserve(sold, sku, 2);
      await store.stock.commit(sold, noEvents);
      const released = reservationId();
      await reserve(released, sku, 1);
      await store.stock.release(
        released,
        { kind: 'release', actor: `order:${released}`, reason: 'released' },
        noEvents,
      );
      const expired = reservationId();
      await reserve(expired, sku, 1);
      await store.stock.release(expired, { kind: 'expiry', actor: 'system', reason: 'expired' }, noEvents);
      await store.stock.restore(sold, noEvents);
      await store.stock.restock(sku, 5, admin);
      await store.stock.adjust(sku, { ...writeDown(3), note: 'dropped' }, noEvents);
      await store.stock.count(sku, 4, admin, noEvents);

      const rows = (await entries(sku)).map((entry) => ({
        kind: entry.kind,
        available: entry.availableDelta,
        reserved: entry.reservedDelta,
        actor: entry.actor,
        reason: entry.reason,
        reference: entry.reference,
      }));
      expect(rows).toEqual([
        {
          kind: 'initial',
          available: 10,
          reserved: 0,
          actor: 'system',
          reason: 'variant-created',
          reference: null,
        },
        {
          kind: 'reservation',
          available: -2,
          reserved: 2,
          actor: `order:${sold}`,
          reason: null,
          reference: sold,
        },
        { kind: 'sale', available: 0, reserved: -2, actor: `order:${sold}`, reason: null, reference: sold },
        {
          kind: 'reservation',
          available: -1,
          reserved: 1,
          actor: `order:${released}`,
          reason: null,
          reference: released,
        },
        {
          kind: 'release',
          available: 1,
          reserved: -1,
          actor: `order:${released}`,
          reason: 'released',
          reference: released,
        },
        {
          kind: 'reservation',
          available: -1,
          reserved: 1,
          actor: `order:${expired}`,
          reason: null,
          reference: expired,
        },
        {
          kind: 'expiry',
          available: 1,
          reserved: -1,
          actor: 'system',
          reason: 'expired',
          reference: expired,
        },
        {
          kind: 'return',
          available: 2,
          reserved: 0,
          actor: `order:${sold}`,
          reason: 'order-cancelled',
          reference: sold,
        },
        { kind: 'restock', available: 5, reserved: 0, actor: 'admin:tester', reason: null, reference: null },
        {
          kind: 'adjustment',
          available: -3,
          reserved: 0,
          actor: 'admin:tester',
          reason: 'damaged',
          reference: null,
        },
        {
          kind: 'count',
          available: -8,
          reserved: 0,
          actor: 'admin:tester',
          reason: 'recount',
          reference: null,
        },
      ]);
      expect((await entries(sku))[9]!.note).toBe('dropped');
      expect(await level(sku)).toMatchObject({ available: 4, reserved: 0 });
      await expectLedgerReplaysToBalance(sku);
    });

    it('records a rejected reservation as holds taken and given back', async () => {
      const sku = await stocked(1);
      const other = await stocked(5);
      const id = reservationId();
      const record = await store.stock.reserve(
        id,
        [
          { sku: other, quantity: 2 },
          { sku, quantity: 3 },
        ].sort((a, b) => (a.sku < b.sku ? -1 : 1)),
        inAnHour(),
        noEvents,
      );
      expect(record.status).toBe('rejected');
      await expectLedgerReplaysToBalance(sku);
      await expectLedgerReplaysToBalance(other);
      expect(await level(other)).toMatchObject({ available: 5, reserved: 0 });
    });

    it('pages the ledger newest first', async () => {
      const sku = await stocked(1);
      for (let i = 1; i <= 4; i += 1) await store.stock.restock(sku, i, admin);
      const first = await store.stock.ledger(sku, { limit: 3 });
      expect(first.map((entry) => entry.availableDelta)).toEqual([4, 3, 2]);
      const rest = await store.stock.ledger(sku, { before: first[2]!.id, limit: 3 });
      expect(rest.map((entry) => entry.availableDelta)).toEqual([1, 1]);
      expect(rest.map((entry) => entry.kind)).toEqual(['restock', 'initial']);
    });

    it('never writes down below zero, and records nothing for a refused write-down', async () => {
      const sku = await stocked(2);
      expect(await store.stock.adjust(sku, writeDown(3), noEvents)).toEqual({
        outcome: 'short',
        available: 2,
      });
      expect(await store.stock.adjust('NO-SUCH-SKU', writeDown(1), noEvents)).toEqual({
        outcome: 'unknown-sku',
      });
      expect((await entries(sku)).map((entry) => entry.kind)).toEqual(['initial']);
    });

    it('lets only the write-downs that fit succeed when they race', async () => {
      const sku = await stocked(10);
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, () => store.stock.adjust(sku, writeDown(3), noEvents)),
      );
      expect(outcomes.filter((outcome) => outcome.outcome === 'applied')).toHaveLength(3);
      expect(outcomes.filter((outcome) => outcome.outcome === 'short')).toHaveLength(3);
      expect(await level(sku)).toMatchObject({ available: 1 });
      await expectLedgerReplaysToBalance(sku);
    });

    it('applies an adjustment once for a key sent twice at once, and refuses the key for another change', async () => {
      const sku = await stocked(10);
      const adjustment = { ...writeDown(4), idempotencyKey: 'retry-1' };
      const [a, b] = await Promise.all([
        store.stock.adjust(sku, adjustment, noEvents),
        store.stock.adjust(sku, adjustment, noEvents),
      ]);
      expect([a!.outcome, b!.outcome].sort()).toEqual(['applied', 'repeated']);
      expect(await level(sku)).toMatchObject({ available: 6 });
      const again = await store.stock.adjust(sku, adjustment, noEvents);
      expect(again).toMatchObject({ outcome: 'repeated', level: { available: 6 } });
      const other = await store.stock.adjust(sku, { ...writeDown(1), idempotencyKey: 'retry-1' }, noEvents);
      expect(other.outcome).toBe('key-reused');
      expect((await entries(sku)).filter((entry) => entry.kind === 'adjustment')).toHaveLength(1);
    });

    it('keeps the ledger consistent when a count races sales and reservations', async () => {
      const sku = await stocked(20);
      const held = [reservationId(), reservationId()];
      for (const id of held) await reserve(id, sku, 3);
      await Promise.all([
        store.stock.commit(held[0]!, noEvents),
        store.stock.count(sku, 9, admin, noEvents),
        reserve(reservationId(), sku, 2),
        store.stock.release(held[1]!, { kind: 'release', actor: 'order:x', reason: 'released' }, noEvents),
        store.stock.count(sku, 12, admin, noEvents),
      ]);
      await expectLedgerReplaysToBalance(sku);
      // Whatever the order, a count's difference is taken from the balance it replaced.
      for (const entry of (await entries(sku)).filter((entry) => entry.kind === 'count')) {
        expect(entry.availableBefore + entry.availableDelta).toBe(entry.availableAfter);
        expect([9, 12]).toContain(entry.availableAfter);
      }
    });

    it('replays to the stock row after any sequence of operations, never below zero', async () => {
      const operation = fc.oneof(
        fc.record({ op: fc.constant('reserve' as const), quantity: fc.integer({ min: 1, max: 6 }) }),
        fc.record({ op: fc.constant('release' as const), pick: fc.nat() }),
        fc.record({ op: fc.constant('expire' as const), pick: fc.nat() }),
        fc.record({ op: fc.constant('commit' as const), pick: fc.nat() }),
        fc.record({ op: fc.constant('return' as const), pick: fc.nat() }),
        fc.record({ op: fc.constant('restock' as const), quantity: fc.integer({ min: 1, max: 6 }) }),
        fc.record({ op: fc.constant('adjust' as const), quantity: fc.integer({ min: -8, max: 8 }) }),
        fc.record({ op: fc.constant('count' as const), counted: fc.integer({ min: 0, max: 12 }) }),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 8 }),
          fc.array(operation, { maxLength: 14 }),
          async (start, ops) => {
            const sku = await stocked(start);
            const ids: string[] = [];
            const pick = (n: number) => ids[n % Math.max(ids.length, 1)];
            for (const step of ops) {
              const id = 'pick' in step ? pick(step.pick) : undefined;
              switch (step.op) {
                case 'reserve': {
                  const next = reservationId();
                  ids.push(next);
                  await reserve(next, sku, step.quantity);
                  break;
                }
                case 'release':
                case 'expire':
                  if (id) {
                    const change =
                      step.op === 'expire'
                        ? ({ kind: 'expiry', actor: 'system', reason: 'expired' } as const)
                        : ({ kind: 'release', actor: `order:${id}`, reason: 'released' } as const);
                    await store.stock.release(id, change, noEvents);
                  }
                  break;
                case 'commit':
                  if (id) await store.stock.commit(id, noEvents);
                  break;
                case 'return':
                  if (id) await store.stock.restore(id, noEvents);
                  break;
                case 'restock':
                  await store.stock.restock(sku, step.quantity, admin);
                  break;
                case 'adjust':
                  if (step.quantity !== 0) {
                    await store.stock.adjust(
                      sku,
                      { ...admin, quantity: step.quantity, reason: 'other' },
                      noEvents,
                    );
                  }
                  break;
                case 'count':
                  await store.stock.count(sku, step.counted, admin, noEvents);
                  break;
              }
            }
            await expectLedgerReplaysToBalance(sku);
          },
        ),
        { numRuns: 30 },
      );
    });
  });
}
