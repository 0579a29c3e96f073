// The outbox of product changes on MongoDB. Events are first stored on the product document
// whose change they describe (one atomic write); the relay moves them into event_outbox, from
// which claims with an expiry let a relay that died mid-batch be replaced. (Stock events and the
// inbox live with the stock, in PostgreSQL.)
import type { EventEnvelope } from '@emporium/platform';
import type { Collection } from 'mongodb';
import type { KeyedMutex } from '../../keyed-mutex.js';
import type { OutboxStore } from '../catalog-store.js';
import { isDuplicateKey, type MongoCollections, type WithPendingEvents } from './collections.js';

export function createMongoOutboxStore(c: MongoCollections, mutex: KeyedMutex): OutboxStore {
  async function append(events: EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    const createdAt = new Date().toISOString();
    try {
      await c.outbox.insertMany(
        events.map((envelope) => ({ _id: envelope.id, envelope, createdAt, claimedUntil: null })),
        { ordered: false },
      );
    } catch (error) {
      // Moved before by a drain that died before clearing the document: already in the outbox.
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** Runs `work` holding the write locks of every listed document (taken in id order). */
  async function holdingAll<T>(keys: string[], work: () => Promise<T>): Promise<T> {
    const [first, ...rest] = keys;
    if (first === undefined) return work();
    return mutex.run(first, () => holdingAll(rest, work));
  }

  /** Moves the events pending on product documents into the outbox collection. */
  async function drain(): Promise<void> {
    const collection = c.products as unknown as Collection<{ _id: string } & WithPendingEvents>;
    const docs = await collection
      .find({ outboxPending: true }, { projection: { pendingEvents: 1 } })
      .limit(200)
      .toArray();
    if (docs.length === 0) return;
    await append(docs.flatMap((doc) => doc.pendingEvents ?? []));
    // Every write to these documents goes through their keyed lock, so while the relay holds
    // them no event can be added: one read picks up events added since the read above, and one
    // update clears the batch, instead of a read and an update per document. Only the relay
    // takes more than one document lock, and it takes them in id order, so none can deadlock.
    const ids = docs.map((doc) => doc._id).sort();
    const moved = new Set(docs.flatMap((doc) => (doc.pendingEvents ?? []).map((event) => event.id)));
    // `outboxPending: true` beside `$in` is what keeps these cheap on FerretDB: it hands the
    // equality to PostgreSQL but filters `$in` itself, after reading every document of the
    // collection. Only this drain clears the flag, so a listed document without it has nothing
    // left to move.
    await holdingAll(
      ids.map((id) => `product:${id}`),
      async () => {
        const fresh = await collection
          .find({ _id: { $in: ids }, outboxPending: true }, { projection: { pendingEvents: 1 } })
          .toArray();
        await append(fresh.flatMap((doc) => doc.pendingEvents ?? []).filter((event) => !moved.has(event.id)));
        await collection.updateMany(
          { _id: { $in: ids }, outboxPending: true },
          { $set: { pendingEvents: [], outboxPending: false } },
        );
      },
    );
  }

  return {
    append,
    async claim(limit, claimSeconds) {
      await drain();
      const at = new Date();
      const docs = await c.outbox
        .find({ $or: [{ claimedUntil: null }, { claimedUntil: { $lt: at.toISOString() } }] })
        .sort({ createdAt: 1 })
        .limit(limit)
        .toArray();
      if (docs.length === 0) return [];
      const claimedUntil = new Date(at.getTime() + claimSeconds * 1000).toISOString();
      await c.outbox.updateMany({ _id: { $in: docs.map((doc) => doc._id) } }, { $set: { claimedUntil } });
      return docs.map((doc) => ({ id: doc._id, envelope: doc.envelope }));
    },
    async markSent(ids) {
      if (ids.length > 0) await c.outbox.deleteMany({ _id: { $in: ids } });
    },
    async pendingCount() {
      return c.outbox.countDocuments({});
    },
  };
}
