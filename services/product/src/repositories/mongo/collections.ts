// Document shapes of the MongoDB adapter. Pending events ride on the document they describe, so
// the state change and its events are one atomic single-document write.
import type { EventEnvelope } from '@emporium/platform';
import type { Db } from 'mongodb';
import type { Category, ProductRecord, ReservationRecord, StockRecord } from '../catalog-store.js';

export interface WithPendingEvents {
  pendingEvents?: EventEnvelope[];
  outboxPending?: boolean;
}

export type ProductDocument = Omit<ProductRecord, 'id'> & { _id: string } & WithPendingEvents;
export type CategoryDocument = Omit<Category, 'slug'> & { _id: string };
export type StockDocument = Omit<StockRecord, 'sku'> & {
  _id: string;
  holds: Record<string, number>;
  /**
   * Units of a committed reservation put back on the shelf, by reservation id: the marker makes
   * the increment happen once however often a restore is retried. Rare (cancelled after
   * commit), so they are kept.
   */
  restored?: Record<string, number>;
};
export type ReservationDocument = Omit<ReservationRecord, 'reservationId' | 'status'> & {
  _id: string;
  /** 'pending' while lines are being applied; a crash leaves it for repair. */
  status: ReservationRecord['status'] | 'pending';
  /** False while holds on stock documents still need to be consumed or returned. */
  settled: boolean;
  /** Set when a committed reservation is released: settling means restoring its sold units. */
  restoring?: boolean;
  updatedAt: string;
} & WithPendingEvents;
export interface OutboxDocument {
  _id: string;
  envelope: EventEnvelope;
  createdAt: string;
  claimedUntil: string | null;
}
export interface InboxDocument {
  _id: string;
  handledAt: string;
}

export function mongoCollections(db: Db) {
  return {
    categories: db.collection<CategoryDocument>('categories'),
    products: db.collection<ProductDocument>('products'),
    stock: db.collection<StockDocument>('stock'),
    reservations: db.collection<ReservationDocument>('reservations'),
    outbox: db.collection<OutboxDocument>('event_outbox'),
    inbox: db.collection<InboxDocument>('event_inbox'),
  };
}
export type MongoCollections = ReturnType<typeof mongoCollections>;

export const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;
