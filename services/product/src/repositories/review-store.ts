// The reviews port: verified purchases (a read model of order events), reviews, and each
// product's rating aggregate, which the store keeps in the transaction of every review change.
import type { EventEnvelope } from '@emporium/platform';

export type ReviewStatus = 'published' | 'hidden';

export interface ReviewRecord {
  id: string;
  productId: string;
  userId: string;
  displayName: string;
  rating: number;
  title: string;
  body: string;
  status: ReviewStatus;
  hiddenReason?: string;
  hiddenBy?: string;
  edited: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface RatingRecord {
  productId: string;
  count: number;
  sum: number;
  /** Published reviews with 1 … 5 stars, at index 0 … 4. */
  stars: number[];
  updatedAt: string;
}

/** A place in a newest-first list of reviews: the last one seen. */
export interface ReviewPosition {
  createdAt: string;
  id: string;
}

export type SubmitOutcome =
  | { outcome: 'created'; review: ReviewRecord }
  /** The shopper had already reviewed the product: nothing changed. */
  | { outcome: 'duplicate'; review: ReviewRecord }
  /** No confirmed order of this shopper holds the product. */
  | { outcome: 'not-purchased' };

export type EditOutcome =
  | { outcome: 'edited'; review: ReviewRecord }
  | { outcome: 'hidden' }
  | { outcome: 'unknown' };

export interface ReviewChanges {
  rating?: number;
  title?: string;
  body?: string;
  displayName?: string;
}

export type ModerationOutcome =
  /** This call changed the status (and stored the events built for it). */
  | { outcome: 'changed'; review: ReviewRecord }
  /** It already had that status: nothing changed. */
  | { outcome: 'unchanged'; review: ReviewRecord }
  | { outcome: 'unknown' };

/** One product an account bought in one order. */
export interface PurchaseRecord {
  orderId: string;
  userId: string;
  productId: string;
}

export interface ReviewStore {
  /** An order was confirmed: its buyer bought these products. Idempotent. */
  recordPurchase(orderId: string, userId: string, productIds: string[]): Promise<void>;
  /**
   * Purchases learnt other than from events (a backfill from the order service). Idempotent, and
   * never revives a purchase its cancellation already took back; returns how many were new.
   */
  recordPurchases(purchases: PurchaseRecord[]): Promise<number>;
  /** The order was cancelled: it no longer counts, even if its confirmation arrives later. */
  cancelPurchase(orderId: string, userId: string, productIds: string[]): Promise<void>;
  hasPurchased(userId: string, productId: string): Promise<boolean>;
  /** Checks the purchase and inserts, in one transaction with `events(review)` when created. */
  submit(review: ReviewRecord, events: (review: ReviewRecord) => EventEnvelope[]): Promise<SubmitOutcome>;
  find(id: string): Promise<ReviewRecord | undefined>;
  findByAuthor(productId: string, userId: string): Promise<ReviewRecord | undefined>;
  /** Changes the author's own published review. */
  edit(id: string, userId: string, changes: ReviewChanges, at: string): Promise<EditOutcome>;
  hide(
    id: string,
    hide: { reason: string; by: string; at: string },
    events: (review: ReviewRecord) => EventEnvelope[],
  ): Promise<ModerationOutcome>;
  unhide(id: string, at: string): Promise<ModerationOutcome>;
  /** A product's published reviews, newest first, after `after`. */
  listPublished(productId: string, page: { after?: ReviewPosition; limit: number }): Promise<ReviewRecord[]>;
  /** Every product's reviews for admins, newest first, optionally of one status. */
  listForModeration(page: {
    status?: ReviewStatus;
    after?: ReviewPosition;
    limit: number;
  }): Promise<ReviewRecord[]>;
  rating(productId: string): Promise<RatingRecord | undefined>;
  /** Aggregates changed at or after `since` (all when undefined), for the search index. */
  ratingsChangedSince(since?: string): Promise<RatingRecord[]>;
}
