// Stock and reservations on MongoDB. Each line is one conditional single-document update keyed
// by the reservation (`holds.<reservationId>`), so re-applying a line is a no-op and available
// never goes below zero; a reservation document records the outcome and its events atomically.
import type { ReservationLine, UnavailableLine } from '@emporium/contracts/product';
import type { KeyedMutex } from '../../keyed-mutex.js';
import type { EventsFor, ReservationRecord, StockRecord, StockStore } from '../catalog-store.js';
import {
  isDuplicateKey,
  type MongoCollections,
  type ReservationDocument,
  type StockDocument,
} from './collections.js';

const toStock = ({ _id, holds: _h, restored: _r, ...rest }: StockDocument): StockRecord => ({
  sku: _id,
  ...rest,
});
const toReservation = (doc: ReservationDocument): ReservationRecord => ({
  reservationId: doc._id,
  status: doc.status === 'pending' ? 'reserved' : doc.status,
  lines: doc.lines,
  expiresAt: doc.expiresAt,
  unavailable: doc.unavailable,
});
const now = () => new Date().toISOString();

export function createMongoStockStore(c: MongoCollections, mutex: KeyedMutex) {
  const holdOf = (reservationId: string) => `holds.${reservationId}`;

  /**
   * Applies one line's hold: the stock after it (undefined when a resumed reservation already
   * held it), or the available quantity when there was not enough.
   */
  async function hold(
    reservationId: string,
    line: ReservationLine,
  ): Promise<{ held: StockRecord | undefined } | { short: number }> {
    return mutex.run(`sku:${line.sku}`, async () => {
      const key = holdOf(reservationId);
      const after = await c.stock.findOneAndUpdate(
        { _id: line.sku, available: { $gte: line.quantity }, [key]: { $exists: false } },
        {
          $inc: { available: -line.quantity, reserved: line.quantity },
          $set: { [key]: line.quantity, updatedAt: now() },
        },
        // No projection of `holds` away: FerretDB's findAndModify does not implement one.
        { returnDocument: 'after' },
      );
      if (after) return { held: toStock(after) };
      const doc = await c.stock.findOne({ _id: line.sku });
      if (doc?.holds[reservationId] !== undefined) return { held: undefined };
      return { short: doc?.available ?? 0 };
    });
  }

  /**
   * Removes a line's hold, returning its quantity to available (release) or dropping it (commit).
   * A hold is only ever set to its line's quantity (lines are merged per SKU), so the update is
   * conditional on exactly that hold: one write, and a no-op when the hold is already gone.
   */
  async function settleHold(reservationId: string, line: ReservationLine, consume: boolean): Promise<void> {
    await mutex.run(`sku:${line.sku}`, async () => {
      const key = holdOf(reservationId);
      const quantity = line.quantity;
      await c.stock.updateOne(
        { _id: line.sku, [key]: quantity },
        {
          $inc: consume ? { reserved: -quantity } : { available: quantity, reserved: -quantity },
          $unset: { [key]: '' },
          $set: { updatedAt: now() },
        },
      );
    });
  }

  /** Puts one line of a restored reservation back on the shelf, once: its marker says it was. */
  async function restoreLine(reservationId: string, line: ReservationLine): Promise<void> {
    await mutex.run(`sku:${line.sku}`, async () => {
      const key = `restored.${reservationId}`;
      await c.stock.updateOne(
        { _id: line.sku, [key]: { $exists: false } },
        { $inc: { available: line.quantity }, $set: { [key]: line.quantity, updatedAt: now() } },
      );
    });
  }

  async function settleAll(doc: ReservationDocument, consume: boolean): Promise<void> {
    for (const line of doc.lines) {
      if (doc.restoring) await restoreLine(doc._id, line);
      else await settleHold(doc._id, line, consume);
    }
    await c.reservations.updateOne({ _id: doc._id }, { $set: { settled: true, updatedAt: now() } });
  }

  async function finish(
    doc: ReservationDocument,
    status: ReservationRecord['status'],
    unavailable: UnavailableLine[],
    events: EventsFor<ReservationRecord>,
    levels?: StockRecord[],
    extra: Pick<ReservationDocument, 'restoring'> = {},
  ): Promise<ReservationRecord> {
    const record: ReservationRecord = {
      ...toReservation(doc),
      status,
      unavailable,
      ...(levels ? { levels } : {}),
    };
    const pending = events(record);
    await c.reservations.updateOne(
      { _id: doc._id },
      {
        $set: {
          status,
          unavailable,
          settled: status === 'reserved' || status === 'rejected',
          updatedAt: now(),
          ...extra,
          // Never cleared here: only the relay's drain clears it, once the events are moved.
          ...(pending.length > 0 ? { outboxPending: true } : {}),
        },
        $push: { pendingEvents: { $each: pending } },
      },
    );
    return record;
  }

  async function applyLines(doc: ReservationDocument, events: EventsFor<ReservationRecord>) {
    const unavailable: UnavailableLine[] = [];
    const levels: StockRecord[] = [];
    // A line held before a crash has no fresh level: the caller then reads them all.
    let resumed = false;
    for (const line of doc.lines) {
      if (unavailable.length > 0) {
        // Already failing: only measure the rest so the answer names every short line.
        const stock = await c.stock.findOne({ _id: line.sku });
        const held = stock?.holds[doc._id] !== undefined;
        if (!held && (stock?.available ?? 0) < line.quantity) {
          unavailable.push({ sku: line.sku, requested: line.quantity, available: stock?.available ?? 0 });
        }
        continue;
      }
      const outcome = await hold(doc._id, line);
      if ('short' in outcome)
        unavailable.push({ sku: line.sku, requested: line.quantity, available: outcome.short });
      else if (outcome.held) levels.push(outcome.held);
      else resumed = true;
    }
    if (unavailable.length === 0) return finish(doc, 'reserved', [], events, resumed ? undefined : levels);
    for (const line of doc.lines) await settleHold(doc._id, line, false);
    return finish(doc, 'rejected', unavailable, events);
  }

  const store: StockStore = {
    async levels(skus) {
      // One equality lookup per SKU, not `$in`: FerretDB hands equality to PostgreSQL but filters
      // `$in` itself after reading the whole collection.
      const docs = await Promise.all(skus.map((sku) => c.stock.findOne({ _id: sku })));
      return docs.filter((doc) => doc !== null).map(toStock);
    },
    async changedSince(since) {
      const docs = await c.stock.find(since ? { updatedAt: { $gte: since } } : {}).toArray();
      return docs.map(toStock);
    },
    async restock(sku, quantity) {
      return mutex.run(`sku:${sku}`, async () => {
        await c.stock.updateOne({ _id: sku }, { $inc: { available: quantity }, $set: { updatedAt: now() } });
        const doc = await c.stock.findOne({ _id: sku });
        return doc ? toStock(doc) : undefined;
      });
    },
    async low(limit) {
      // FerretDB has no $expr to compare two fields; the stock collection is small enough to scan.
      const docs = await c.stock.find({}, { projection: { holds: 0 } }).toArray();
      return docs
        .filter((doc) => doc.available <= doc.lowStockThreshold)
        .sort((a, b) => a.available - b.available || a._id.localeCompare(b._id))
        .slice(0, limit)
        .map((doc) => toStock({ ...doc, holds: {} }));
    },
    reserve(reservationId, lines, expiresAt, events) {
      return mutex.run(`reservation:${reservationId}`, async () => {
        let doc: ReservationDocument | null = {
          _id: reservationId,
          status: 'pending',
          lines,
          expiresAt,
          unavailable: [],
          settled: false,
          updatedAt: now(),
        };
        // Insert first: a new id (the usual case) costs one write; a repeat finds the key taken.
        try {
          await c.reservations.insertOne(doc);
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          doc = await c.reservations.findOne({ _id: reservationId });
          if (!doc) throw error;
          // Decided before (by this call's earlier attempt or another replica): that is the outcome.
          if (doc.status !== 'pending') return toReservation(doc);
        }
        // A pending document left by a crash is resumed: holds already applied are kept.
        return applyLines(doc, events);
      });
    },
    commit(reservationId, events, notExpiredAt) {
      return mutex.run(`reservation:${reservationId}`, async () => {
        const doc = await c.reservations.findOne({ _id: reservationId });
        if (!doc) return undefined;
        if (doc.status !== 'reserved') return toReservation(doc);
        if (notExpiredAt !== undefined && doc.expiresAt <= notExpiredAt) return toReservation(doc);
        const record = await finish(doc, 'committed', [], events);
        await settleAll(doc, true);
        return record;
      });
    },
    release(reservationId, events) {
      return mutex.run(`reservation:${reservationId}`, async () => {
        const doc = await c.reservations.findOne({ _id: reservationId });
        if (!doc) {
          const tombstone: ReservationDocument = {
            _id: reservationId,
            status: 'released',
            lines: [],
            expiresAt: now(),
            unavailable: [],
            settled: true,
            updatedAt: now(),
          };
          await c.reservations.insertOne(tombstone).catch((error) => {
            if (!isDuplicateKey(error)) throw error;
          });
          return toReservation(tombstone);
        }
        if (doc.status !== 'reserved' && doc.status !== 'pending') return toReservation(doc);
        const record = await finish(doc, 'released', [], events);
        await settleAll(doc, false);
        return record;
      });
    },
    restore(reservationId, events) {
      return mutex.run(`reservation:${reservationId}`, async () => {
        const doc = await c.reservations.findOne({ _id: reservationId });
        if (!doc) return undefined;
        if (doc.status !== 'committed') return toReservation(doc);
        // Released and unsettled first, then each line restored: a crash in between leaves it to repair.
        const record = await finish(doc, 'released', [], events, undefined, { restoring: true });
        await settleAll({ ...doc, restoring: true }, false);
        return record;
      });
    },
    async find(reservationId) {
      const doc = await c.reservations.findOne({ _id: reservationId });
      return doc ? toReservation(doc) : undefined;
    },
    async expired(at, limit) {
      const docs = await c.reservations
        .find({ status: 'reserved', expiresAt: { $lt: at } }, { projection: { _id: 1 } })
        .limit(limit)
        .toArray();
      return docs.map((doc) => doc._id);
    },
    async repair(olderThan) {
      const stuck = await c.reservations
        .find({ settled: false, status: { $ne: 'reserved' }, updatedAt: { $lt: olderThan } })
        .limit(100)
        .toArray();
      for (const doc of stuck) {
        await mutex.run(`reservation:${doc._id}`, async () => {
          const fresh = await c.reservations.findOne({ _id: doc._id });
          if (!fresh || fresh.settled || fresh.status === 'reserved') return;
          if (fresh.status === 'pending') {
            // Interrupted before an outcome: give back what it held and forget it, so the
            // caller's retry starts afresh.
            for (const line of fresh.lines) await settleHold(fresh._id, line, false);
            await c.reservations.deleteOne({ _id: fresh._id, status: 'pending' });
            return;
          }
          await settleAll(fresh, fresh.status === 'committed');
        });
      }
      return stuck.length;
    },
  };
  return store;
}
