// Document shapes of the MongoDB adapter. Pending events ride on the document they describe, so
// the state change and its events are one atomic single-document write.
import type { EventEnvelope } from '@emporium/platform';
import type { Db } from 'mongodb';
import type { Category, ProductRecord } from '../catalog-store.js';

export interface WithPendingEvents {
  pendingEvents?: EventEnvelope[];
  outboxPending?: boolean;
}

export type ProductDocument = Omit<ProductRecord, 'id'> & { _id: string } & WithPendingEvents;
export type CategoryDocument = Omit<Category, 'slug'> & { _id: string };
export interface OutboxDocument {
  _id: string;
  envelope: EventEnvelope;
  createdAt: string;
  claimedUntil: string | null;
}

export function mongoCollections(db: Db) {
  return {
    categories: db.collection<CategoryDocument>('categories'),
    products: db.collection<ProductDocument>('products'),
    outbox: db.collection<OutboxDocument>('event_outbox'),
  };
}
export type MongoCollections = ReturnType<typeof mongoCollections>;

export const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;
