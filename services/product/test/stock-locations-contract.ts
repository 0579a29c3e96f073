// Stock locations' contract, for every SQL database the stock lives in (PGlite embedded,
// PostgreSQL deployed): stock that predates locations sits in the default one, transfers move
// units atomically and never below zero, reservations take units from the right locations and
// give them back there, stock.low goes out once per crossing, and the ledger replays to each
// location's balance after any sequence of operations.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogStore, StockTransfer } from '../src/repositories/catalog-store.js';
import { productRecord, testCategories } from './builders.js';

const noEvents = () => [];
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const admin = { actor: 'admin:tester' };
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++counter}`;

export function describeStockLocationContract(
  adapter: string,
  open: () => Promise<{ store: CatalogStore; dispose(): Promise<void> }>,
) {
  describe(`stock locations contract: ${adapter}`, () => {
    let store: CatalogStore;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ store, dispose } = await open());
      for (const category of testCategories) await store.products.upsertCategory(category);
    });
    afterAll(() => dispose());

    async function stocked(quantity: number, lowStockThreshold = 0) {
      const product = productRecord();
      product.variants[0]!.lowStockThreshold = lowStockThreshold;
      const sku = product.variants[0]!.sku;
      await store.products.insert(product, { [sku]: quantity }, []);
      return sku;
    }
    async function location(country: string, shipsTo: string[] | null = null) {
      const code = unique('wh').toLowerCase();
      expect(await store.locations.create({ code, name: `Warehouse ${code}`, country, shipsTo })).toBe(true);
      return code;
    }
    const receive = (sku: string, quantity: number, at: string) =>
      store.stock.restock(sku, quantity, { ...admin, location: at });
    const at = async (sku: string) =>
      Object.fromEntries(((await store.locations.levels(sku)) ?? []).map((l) => [l.location, l]));
    const move = (sku: string, transfer: Omit<StockTransfer, 'actor'>) =>
      store.locations.transfer(sku, { ...admin, ...transfer });
    const reserve = (id: string, lines: { sku: string; quantity: number }[], shipTo?: string) =>
      store.stock.reserve(
        id,
        [...lines].sort((a, b) => (a.sku < b.sku ? -1 : 1)),
        inAnHour(),
        noEvents,
        shipTo,
      );

    /** Replays the ledger per location: each row starts where the location's previous one ended. */
    async function expectLedgerReplaysPerLocation(sku: string) {
      const entries = (await store.stock.ledger(sku, { limit: 100_000 })).reverse();
      const balance = new Map<string, { available: number; reserved: number }>();
      for (const entry of entries) {
        const before = balance.get(entry.location) ?? { available: 0, reserved: 0 };
        expect(entry.availableBefore).toBe(before.available);
        expect(entry.reservedBefore).toBe(before.reserved);
        const after = {
          available: before.available + entry.availableDelta,
          reserved: before.reserved + entry.reservedDelta,
        };
        expect(entry.availableAfter).toBe(after.available);
        expect(entry.reservedAfter).toBe(after.reserved);
        expect(after.available).toBeGreaterThanOrEqual(0);
        expect(after.reserved).toBeGreaterThanOrEqual(0);
        balance.set(entry.location, after);
      }
      const levels = (await store.locations.levels(sku)) ?? [];
      for (const level of levels) {
        expect(balance.get(level.location) ?? { available: 0, reserved: 0 }).toEqual({
          available: level.available,
          reserved: level.reserved,
        });
      }
      const [total] = await store.stock.levels([sku]);
      expect(total).toMatchObject({
        available: levels.reduce((sum, level) => sum + level.available, 0),
        reserved: levels.reduce((sum, level) => sum + level.reserved, 0),
      });
    }

    async function lowAlerts(sku: string) {
      const alerts = [];
      for (let claimed = await store.events.claim(1000, 1); claimed.length > 0; ) {
        alerts.push(...claimed.filter((c) => c.envelope.type === 'stock.low' && c.envelope.subject === sku));
        await store.events.markSent(claimed.map((c) => c.id));
        claimed = await store.events.claim(1000, 1);
      }
      return alerts;
    }

    it('keeps stock that names no location in the default location, which cannot be removed', async () => {
      const sku = await stocked(4);
      const [first] = await store.locations.list();
      expect(first).toMatchObject({ code: 'default', isDefault: true, shipsTo: null });
      expect((await at(sku)).default).toMatchObject({ available: 4, reserved: 0 });
      expect(await store.locations.remove('default')).toBe('default');
      const [entry] = await store.stock.ledger(sku, { limit: 1 });
      expect(entry).toMatchObject({ kind: 'initial', location: 'default', availableDelta: 4 });
    });

    it('adds, changes and removes locations, refusing to remove one that holds units', async () => {
      const code = await location('DE', ['DE', 'AT']);
      expect(await store.locations.create({ code, name: 'Again', country: 'FR', shipsTo: null })).toBe(false);
      expect(await store.locations.update(code, { name: 'Berlin', shipsTo: null })).toMatchObject({
        code,
        name: 'Berlin',
        country: 'DE',
        shipsTo: null,
      });
      const sku = await stocked(0);
      await receive(sku, 2, code);
      expect(await store.locations.remove(code)).toBe('holds-stock');
      await move(sku, { from: code, to: 'default', quantity: 2 });
      expect(await store.locations.remove(code)).toBe('removed');
      expect(await store.locations.remove(code)).toBe('unknown');
      expect(await store.locations.find(code)).toBeUndefined();
      await expectLedgerReplaysPerLocation(sku);
    });

    it('transfers with one ledger row out and one in, and refuses more than the source has', async () => {
      const sku = await stocked(5);
      const east = await location('US');
      const moved = await move(sku, { from: 'default', to: east, quantity: 3, note: 'rebalance' });
      expect(moved).toMatchObject({
        outcome: 'applied',
        locations: [
          { location: 'default', available: 2 },
          { location: east, available: 3 },
        ],
      });
      if (moved.outcome !== 'applied') throw new Error('not applied');
      expect(moved.entries).toMatchObject([
        { kind: 'transfer', location: 'default', availableDelta: -3, reference: moved.transferId },
        {
          kind: 'transfer',
          location: east,
          availableDelta: 3,
          reference: moved.transferId,
          note: 'rebalance',
        },
      ]);
      expect(await move(sku, { from: 'default', to: east, quantity: 3 })).toEqual({
        outcome: 'short',
        available: 2,
      });
      expect(await move(sku, { from: 'nowhere', to: east, quantity: 1 })).toMatchObject({
        outcome: 'unknown-location',
        field: 'from',
      });
      expect((await store.stock.levels([sku]))[0]).toMatchObject({ available: 5 });
      await expectLedgerReplaysPerLocation(sku);
    });

    it('never drives a location negative when transfers race, and conserves the units', async () => {
      const sku = await stocked(10);
      const a = await location('US');
      const b = await location('CA');
      await move(sku, { from: 'default', to: a, quantity: 6 });
      const outcomes = await Promise.all([
        ...Array.from({ length: 5 }, () => move(sku, { from: a, to: b, quantity: 2 })),
        ...Array.from({ length: 4 }, () => move(sku, { from: 'default', to: a, quantity: 1 })),
        ...Array.from({ length: 3 }, () => move(sku, { from: b, to: 'default', quantity: 1 })),
        reserve(unique('race'), [{ sku, quantity: 3 }]),
      ]);
      const levels = await at(sku);
      for (const level of Object.values(levels)) expect(level.available).toBeGreaterThanOrEqual(0);
      const applied = outcomes.filter((o) => 'outcome' in o && o.outcome === 'applied').length;
      expect(applied).toBeGreaterThan(0);
      const [total] = await store.stock.levels([sku]);
      expect(total!.available + total!.reserved).toBe(10);
      await expectLedgerReplaysPerLocation(sku);
    });

    it('applies a transfer once for a key sent twice at once, and refuses the key for another change', async () => {
      const sku = await stocked(6);
      const to = await location('US');
      const transfer = { from: 'default', to, quantity: 4, idempotencyKey: 'move-1' };
      const [first, second] = await Promise.all([move(sku, transfer), move(sku, transfer)]);
      expect([first.outcome, second.outcome].sort()).toEqual(['applied', 'repeated']);
      expect((await at(sku))[to]).toMatchObject({ available: 4 });
      expect((await move(sku, { ...transfer, quantity: 1 })).outcome).toBe('key-reused');
      expect((await at(sku)).default).toMatchObject({ available: 2 });
    });

    it('takes a whole order from one location, preferring the shipping country, then splits', async () => {
      const shirt = await stocked(0);
      const socks = await stocked(0);
      const us = await location('US');
      const de = await location('DE');
      const fr = await location('FR');
      for (const code of [us, de]) {
        await receive(shirt, 2, code);
        await receive(socks, 2, code);
      }
      await receive(shirt, 5, fr);

      // Both US and DE have the whole order: the one in the shipping country wins.
      const german = await reserve(
        unique('order'),
        [
          { sku: shirt, quantity: 2 },
          { sku: socks, quantity: 1 },
        ],
        'DE',
      );
      expect(german.allocation).toEqual(
        expect.arrayContaining([
          { sku: shirt, location: de, quantity: 2 },
          { sku: socks, location: de, quantity: 1 },
        ]),
      );
      // No one location has 3 shirts and 1 sock any more: per line, FR has 3 shirts whole.
      const mixed = await reserve(
        unique('order'),
        [
          { sku: shirt, quantity: 3 },
          { sku: socks, quantity: 1 },
        ],
        'US',
      );
      expect(mixed.allocation).toEqual(
        expect.arrayContaining([
          { sku: shirt, location: fr, quantity: 3 },
          { sku: socks, location: us, quantity: 1 },
        ]),
      );
      // 4 shirts left: US 2, FR 2 — no one has 4, so split, the shipping country first.
      const split = await reserve(unique('order'), [{ sku: shirt, quantity: 4 }], 'FR');
      expect(split.allocation).toEqual([
        { sku: shirt, location: fr, quantity: 2 },
        { sku: shirt, location: us, quantity: 2 },
      ]);
      expect((await store.stock.levels([shirt]))[0]).toMatchObject({ available: 0, reserved: 9 });

      // Released units go back where they came from.
      await store.stock.release(
        split.reservationId,
        { kind: 'release', actor: 'system', reason: 'released' },
        noEvents,
      );
      expect((await at(shirt))[fr]).toMatchObject({ available: 2, reserved: 3 });
      expect((await at(shirt))[us]).toMatchObject({ available: 2, reserved: 0 });
      // Sold and returned units, too.
      await store.stock.commit(mixed.reservationId, noEvents);
      await store.stock.restore(mixed.reservationId, noEvents);
      expect((await at(shirt))[fr]).toMatchObject({ available: 5, reserved: 0 });
      expect((await at(socks))[us]).toMatchObject({ available: 2, reserved: 0 });
      await expectLedgerReplaysPerLocation(shirt);
      await expectLedgerReplaysPerLocation(socks);
    });

    it('reserves and shows as available only what locations shipping to the country hold', async () => {
      const sku = await stocked(0);
      const local = await location('GB', ['GB']);
      await receive(sku, 3, local);
      expect((await store.locations.availableFor([sku], 'GB')).get(sku)).toBe(3);
      expect((await store.locations.availableFor([sku], 'US')).get(sku) ?? 0).toBe(0);
      const refused = await reserve(unique('order'), [{ sku, quantity: 1 }], 'US');
      expect(refused).toMatchObject({
        status: 'rejected',
        unavailable: [{ sku, requested: 1, available: 0 }],
      });
      const taken = await reserve(unique('order'), [{ sku, quantity: 2 }], 'GB');
      expect(taken.allocation).toEqual([{ sku, location: local, quantity: 2 }]);
      // With no shipping country, every location counts.
      expect((await reserve(unique('order'), [{ sku, quantity: 1 }])).status).toBe('reserved');
    });

    it('reserves and commits multi-line orders racing over the same SKUs without deadlocking', async () => {
      const skus = (await Promise.all([1, 2, 3, 4].map(() => stocked(0)))).sort();
      const far = await location('JP');
      for (const sku of skus) {
        await receive(sku, 30, 'default');
        await receive(sku, 30, far);
      }
      const orders = Array.from({ length: 24 }, (_, i) =>
        [0, 1, 2].map((k) => ({ sku: skus[(i + k) % skus.length]!, quantity: 1 + (i % 3) })),
      );
      const outcomes = await Promise.all(
        orders.map(async (lines, i) => {
          const id = unique(`multi-${i}`);
          const reserved = await reserve(id, lines, i % 2 === 0 ? 'JP' : undefined);
          if (reserved.status !== 'reserved') return reserved.status;
          if (i % 4 === 3) {
            return (
              await store.stock.release(
                id,
                { kind: 'release', actor: 'system', reason: 'released' },
                noEvents,
              )
            ).status;
          }
          return (await store.stock.commit(id, noEvents))?.status;
        }),
      );
      expect(outcomes.filter((status) => status === 'committed')).toHaveLength(18);
      expect(outcomes.filter((status) => status === 'released')).toHaveLength(6);
      const sold = orders
        .filter((_, i) => i % 4 !== 3)
        .flat()
        .reduce(
          (units, line) => units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity),
          new Map<string, number>(),
        );
      for (const sku of skus) {
        expect((await store.stock.levels([sku]))[0]).toMatchObject({
          available: 60 - (sold.get(sku) ?? 0),
          reserved: 0,
        });
        await expectLedgerReplaysPerLocation(sku);
      }
    });

    it('raises stock.low once per crossing below the threshold, not on every sale below it', async () => {
      await lowAlerts('none');
      const sku = await stocked(10, 5);
      await Promise.all(Array.from({ length: 8 }, () => reserve(unique('sale'), [{ sku, quantity: 1 }])));
      expect(await lowAlerts(sku)).toHaveLength(1);
      await receive(sku, 10, 'default'); // back above the threshold
      await store.stock.adjust(sku, { ...admin, quantity: -9, reason: 'damaged' }, noEvents);
      const alerts = await lowAlerts(sku);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.envelope.data).toMatchObject({ sku, available: 3, threshold: 5 });
      // A transfer moves no units in or out of the SKU: no alert.
      await move(sku, { from: 'default', to: await location('US'), quantity: 2 });
      expect(await lowAlerts(sku)).toHaveLength(0);
    });

    it('replays the ledger to each location after any sequence of operations, never below zero', async () => {
      const other = await location('DE');
      const locations = ['default', other];
      const where = fc.constantFrom(0, 1);
      const operation = fc.oneof(
        fc.record({
          op: fc.constant('receive' as const),
          at: where,
          quantity: fc.integer({ min: 1, max: 6 }),
        }),
        fc.record({
          op: fc.constant('adjust' as const),
          at: where,
          quantity: fc.integer({ min: -6, max: 6 }),
        }),
        fc.record({ op: fc.constant('count' as const), at: where, counted: fc.integer({ min: 0, max: 8 }) }),
        fc.record({
          op: fc.constant('transfer' as const),
          at: where,
          quantity: fc.integer({ min: 1, max: 6 }),
        }),
        fc.record({
          op: fc.constant('reserve' as const),
          quantity: fc.integer({ min: 1, max: 6 }),
          shipTo: fc.constantFrom(undefined, 'DE', 'US'),
        }),
        fc.record({ op: fc.constant('release' as const), pick: fc.nat() }),
        fc.record({ op: fc.constant('commit' as const), pick: fc.nat() }),
        fc.record({ op: fc.constant('return' as const), pick: fc.nat() }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { maxLength: 14 }), async (ops) => {
          const sku = await stocked(2);
          const ids: string[] = [];
          const pick = (n: number) => ids[n % Math.max(ids.length, 1)];
          for (const step of ops) {
            switch (step.op) {
              case 'receive':
                await receive(sku, step.quantity, locations[step.at]!);
                break;
              case 'adjust':
                if (step.quantity !== 0) {
                  await store.stock.adjust(
                    sku,
                    { ...admin, quantity: step.quantity, reason: 'other', location: locations[step.at]! },
                    noEvents,
                  );
                }
                break;
              case 'count':
                await store.stock.count(
                  sku,
                  step.counted,
                  { ...admin, location: locations[step.at]! },
                  noEvents,
                );
                break;
              case 'transfer':
                await move(sku, {
                  from: locations[step.at]!,
                  to: locations[1 - step.at]!,
                  quantity: step.quantity,
                });
                break;
              case 'reserve': {
                const id = unique('prop');
                ids.push(id);
                await reserve(id, [{ sku, quantity: step.quantity }], step.shipTo);
                break;
              }
              case 'release': {
                const id = pick(step.pick);
                if (id)
                  await store.stock.release(
                    id,
                    { kind: 'release', actor: 'system', reason: 'released' },
                    noEvents,
                  );
                break;
              }
              case 'commit': {
                const id = pick(step.pick);
                if (id) await store.stock.commit(id, noEvents);
                break;
              }
              case 'return': {
                const id = pick(step.pick);
                if (id) await store.stock.restore(id, noEvents);
                break;
              }
            }
          }
          await expectLedgerReplaysPerLocation(sku);
        }),
        { numRuns: 25 },
      );
    });
  });
}
