// One contract suite for both catalog stores (MongoDB products on FerretDB with PostgreSQL stock;
// everything on SQL, PGlite).
import { createEnvelope } from '@emporium/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CatalogStore,
  DuplicateKeyError,
  type ReservationRecord,
} from '../src/repositories/catalog-store.js';
import { productRecord, testCategories } from './builders.js';

const noEvents = () => [];
const releasedByOrder = { kind: 'release', actor: 'order:test', reason: 'released' } as const;
const byAdmin = { actor: 'admin:test' };
const reservedEvent = (record: ReservationRecord) => [
  createEnvelope('/test', {
    type: 'stock.reserved',
    data: { reservationId: record.reservationId, lines: record.lines },
  }),
];
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

export function describeCatalogContract(
  adapter: string,
  open: () => Promise<{ store: CatalogStore; dispose(): Promise<void> }>,
) {
  describe(`CatalogStore contract: ${adapter}`, () => {
    let store: CatalogStore;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ store, dispose } = await open());
      for (const category of testCategories) await store.products.upsertCategory(category);
    });
    afterAll(() => dispose());

    async function stocked(quantity: number) {
      const product = productRecord();
      const sku = product.variants[0]!.sku;
      await store.products.insert(product, { [sku]: quantity }, []);
      return { product, sku };
    }
    const available = async (sku: string) => (await store.stock.levels([sku]))[0]?.available;

    it('stores a product and finds it by id and by slug', async () => {
      const { product } = await stocked(3);
      expect(await store.products.findById(product.id)).toEqual(product);
      expect((await store.products.findBySlug(product.slug))?.id).toBe(product.id);
      expect(await store.products.findBySlug('no-such-slug')).toBeUndefined();
      expect(await store.products.listCategories()).toEqual(expect.arrayContaining(testCategories));
    });

    it('refuses a second product with the same slug or SKU and leaves nothing behind', async () => {
      const { product, sku } = await stocked(1);
      const sameSlug = productRecord({ slug: product.slug });
      await expect(store.products.insert(sameSlug, {}, [])).rejects.toEqual(new DuplicateKeyError('slug'));
      const sameSku = productRecord();
      sameSku.variants[0]!.sku = sku;
      await expect(store.products.insert(sameSku, { [sku]: 5 }, [])).rejects.toEqual(
        new DuplicateKeyError('sku'),
      );
      expect(await store.products.findById(sameSku.id)).toBeUndefined();
      expect(await available(sku)).toBe(1);
    });

    it('replaces a product only from the version it was read at', async () => {
      const { product } = await stocked(1);
      const edited = { ...product, title: 'Edited', version: 2, updatedAt: new Date().toISOString() };
      expect(await store.products.replace(edited, 1, {}, [])).toBe(true);
      expect(await store.products.replace({ ...edited, title: 'Lost edit', version: 2 }, 1, {}, [])).toBe(
        false,
      );
      expect((await store.products.findById(product.id))?.title).toBe('Edited');
    });

    it('lists products and stock changed since a moment', async () => {
      const before = new Date().toISOString();
      const { product, sku } = await stocked(2);
      expect((await store.products.changedSince(before)).map((p) => p.id)).toContain(product.id);
      expect((await store.stock.changedSince(before)).map((s) => s.sku)).toContain(sku);
      expect((await store.products.changedSince(inAnHour())).length).toBe(0);
    });

    it('reserves every line or none, naming each short line', async () => {
      const a = await stocked(5);
      const b = await stocked(1);
      const record = await store.stock.reserve(
        'order-short',
        [
          { sku: a.sku, quantity: 2 },
          { sku: b.sku, quantity: 3 },
        ],
        inAnHour(),
        noEvents,
      );
      expect(record.status).toBe('rejected');
      expect(record.unavailable).toEqual([{ sku: b.sku, requested: 3, available: 1 }]);
      expect(await available(a.sku)).toBe(5);
      expect(await available(b.sku)).toBe(1);
    });

    it('treats an unknown SKU as unavailable', async () => {
      const record = await store.stock.reserve(
        'order-ghost',
        [{ sku: 'NO-SUCH-SKU', quantity: 1 }],
        inAnHour(),
        noEvents,
      );
      expect(record.unavailable).toEqual([{ sku: 'NO-SUCH-SKU', requested: 1, available: 0 }]);
    });

    it('reserves once per reservation id, however often it is asked', async () => {
      const { sku } = await stocked(10);
      const lines = [{ sku, quantity: 4 }];
      const outcomes = await Promise.all(
        [1, 2, 3].map(() => store.stock.reserve('order-repeat', lines, inAnHour(), noEvents)),
      );
      expect(outcomes.map((o) => o.status)).toEqual(['reserved', 'reserved', 'reserved']);
      expect(await store.stock.levels([sku])).toMatchObject([{ available: 6, reserved: 4 }]);
    });

    it('never oversells: 200 parallel reservations against 50 units reserve exactly 50', async () => {
      const { sku } = await stocked(50);
      const outcomes = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          store.stock.reserve(`crowd-${sku}-${i}`, [{ sku, quantity: 1 }], inAnHour(), noEvents),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'reserved').length).toBe(50);
      expect(await store.stock.levels([sku])).toMatchObject([{ available: 0, reserved: 50 }]);
    }, 120_000);

    it('does not sell a reservation past its expiry: it is returned still held', async () => {
      const { sku } = await stocked(4);
      const aMinuteAgo = new Date(Date.now() - 60_000).toISOString();
      await store.stock.reserve('order-late', [{ sku, quantity: 3 }], aMinuteAgo, noEvents);
      const late = await store.stock.commit('order-late', noEvents, new Date().toISOString());
      expect([late?.status, late?.decided ?? false]).toEqual(['reserved', false]);
      expect(await store.stock.levels([sku])).toMatchObject([{ available: 1, reserved: 3 }]);
    });

    it('commits held stock as sold, and only once', async () => {
      const { sku } = await stocked(5);
      await store.stock.reserve('order-commit', [{ sku, quantity: 2 }], inAnHour(), noEvents);
      expect((await store.stock.commit('order-commit', noEvents))?.status).toBe('committed');
      expect((await store.stock.commit('order-commit', noEvents))?.status).toBe('committed');
      expect((await store.stock.release('order-commit', releasedByOrder, noEvents)).status).toBe('committed');
      expect(await store.stock.levels([sku])).toMatchObject([{ available: 3, reserved: 0 }]);
      expect(await store.stock.commit('order-never-made', noEvents)).toBeUndefined();
    });

    it('releases held stock back, and a released id stays released', async () => {
      const { sku } = await stocked(5);
      await store.stock.reserve('order-release', [{ sku, quantity: 2 }], inAnHour(), noEvents);
      expect((await store.stock.release('order-release', releasedByOrder, noEvents)).status).toBe('released');
      expect((await store.stock.release('order-release', releasedByOrder, noEvents)).status).toBe('released');
      expect((await store.stock.commit('order-release', noEvents))?.status).toBe('released');
      expect(await store.stock.levels([sku])).toMatchObject([{ available: 5, reserved: 0 }]);
      // Released before it was ever reserved (a late, reordered request): it stays released.
      await store.stock.release('order-early-release', releasedByOrder, noEvents);
      expect(
        (await store.stock.reserve('order-early-release', [{ sku, quantity: 1 }], inAnHour(), noEvents))
          .status,
      ).toBe('released');
      expect(await available(sku)).toBe(5);
    });

    it('restores the sold units of a committed reservation once, and nothing else', async () => {
      const mugs = await stocked(5);
      const cups = await stocked(5);
      const lines = [
        { sku: mugs.sku, quantity: 2 },
        { sku: cups.sku, quantity: 1 },
      ];
      await store.stock.reserve('order-restore', lines, inAnHour(), noEvents);
      await store.stock.commit('order-restore', noEvents);
      expect(await available(mugs.sku)).toBe(3);
      let told = 0;
      const counting = () => {
        told += 1;
        return [];
      };
      expect((await store.stock.restore('order-restore', counting))?.status).toBe('released');
      expect((await store.stock.restore('order-restore', counting))?.status).toBe('released');
      expect((await store.stock.release('order-restore', releasedByOrder, noEvents)).status).toBe('released');
      expect(told).toBe(1);
      expect(await store.stock.levels([mugs.sku, cups.sku])).toMatchObject(
        expect.arrayContaining([
          expect.objectContaining({ sku: mugs.sku, available: 5, reserved: 0 }),
          expect.objectContaining({ sku: cups.sku, available: 5, reserved: 0 }),
        ]),
      );
      // Held (not sold) units are the release's business, not restore's.
      await store.stock.reserve('order-held', [{ sku: mugs.sku, quantity: 1 }], inAnHour(), noEvents);
      expect((await store.stock.restore('order-held', counting))?.status).toBe('reserved');
      expect(await store.stock.levels([mugs.sku])).toMatchObject([{ available: 4, reserved: 1 }]);
      expect(await store.stock.restore('order-never-made', counting)).toBeUndefined();
      expect(told).toBe(1);
    });

    it('lists reservations past their expiry and restocks', async () => {
      const { sku } = await stocked(1);
      await store.stock.reserve(
        'order-expired',
        [{ sku, quantity: 1 }],
        new Date(Date.now() - 1000).toISOString(),
        noEvents,
      );
      expect(await store.stock.expired(new Date().toISOString(), 100)).toContain('order-expired');
      expect((await store.stock.low(1000)).map((s) => s.sku)).toContain(sku);
      expect((await store.stock.restock(sku, 7, byAdmin))?.available).toBe(7);
      expect(await store.stock.restock('NO-SUCH-SKU', 1, byAdmin)).toBeUndefined();
    });

    it('keeps a reservation’s events until the relay marks them sent, and claims each once per claim', async () => {
      // Drain what earlier tests stored (the stock.low alerts their sales raised).
      for (let drained = await store.events.claim(500, 30); drained.length > 0; ) {
        await store.events.markSent(drained.map((c) => c.id));
        drained = await store.events.claim(500, 30);
      }
      const { sku } = await stocked(3);
      await store.stock.reserve('order-events', [{ sku, quantity: 1 }], inAnHour(), reservedEvent);
      const claimed = await store.events.claim(100, 30);
      expect(claimed.map((c) => c.envelope.type)).toEqual(['stock.reserved']);
      expect(await store.events.claim(100, 30)).toEqual([]);
      await store.events.markSent(claimed.map((c) => c.id));
      expect(await store.events.pendingCount()).toBe(0);
    });

    it('stores an outcome’s events once, from the call that decides it', async () => {
      while ((await store.events.claim(500, 30)).length > 0) {
        // Drain what earlier tests stored.
      }
      const { sku } = await stocked(1);
      const committedEvent = (record: ReservationRecord) => [
        createEnvelope('/test', {
          type: 'stock.committed',
          data: { reservationId: record.reservationId, lines: record.lines },
        }),
      ];
      const lines = [{ sku, quantity: 1 }];
      const first = await store.stock.reserve('order-once', lines, inAnHour(), reservedEvent);
      const repeat = await store.stock.reserve('order-once', lines, inAnHour(), reservedEvent);
      const short = await store.stock.reserve('order-short-once', lines, inAnHour(), noEvents);
      const committed = await store.stock.commit('order-once', committedEvent);
      const again = await store.stock.commit('order-once', committedEvent);
      expect([first, repeat, short, committed, again].map((r) => [r?.status, r?.decided ?? false])).toEqual([
        ['reserved', true],
        ['reserved', false],
        ['rejected', true],
        ['committed', true],
        ['committed', false],
      ]);
      const stored = await store.events.claim(100, 30);
      expect(stored.map((c) => [c.envelope.type, c.envelope.data])).toEqual([
        ['stock.reserved', { reservationId: 'order-once', lines }],
        ['stock.committed', { reservationId: 'order-once', lines }],
      ]);
      await store.events.markSent(stored.map((c) => c.id));
    });

    it('offers claimed events again once the claim expires', async () => {
      const envelope = createEnvelope('/test', { type: 'stock.low', data: {} });
      await store.events.append([envelope]);
      expect((await store.events.claim(100, 1)).map((c) => c.id)).toContain(envelope.id);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await store.events.claim(100, 30)).map((c) => c.id)).toContain(envelope.id);
    });

    it('keeps a product change’s events until the relay marks them sent', async () => {
      while ((await store.productEvents.claim(500, 30)).length > 0) {
        // Drain what earlier tests stored (claimed, not sent: they still count as pending).
      }
      const pending = await store.productEvents.pendingCount();
      const product = productRecord();
      const changed = createEnvelope('/test', {
        type: 'product.changed',
        data: { productId: product.id, slug: product.slug, status: product.status },
      });
      await store.products.insert(product, { [product.variants[0]!.sku]: 1 }, [changed]);
      const claimed = await store.productEvents.claim(100, 30);
      expect(claimed.map((c) => c.id)).toEqual([changed.id]);
      await store.productEvents.markSent([changed.id]);
      expect(await store.productEvents.claim(100, 30)).toEqual([]);
      expect(await store.productEvents.pendingCount()).toBe(pending);
    });

    it('records a consumed event once', async () => {
      expect(await store.events.recordHandled('product', 'event-1')).toBe(true);
      expect(await store.events.recordHandled('product', 'event-1')).toBe(false);
      expect(await store.events.recordHandled('other', 'event-1')).toBe(true);
    });
  });
}
