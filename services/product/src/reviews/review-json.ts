// Reviews and rating aggregates as the API shows them.
import type { RatingSummary, Review, ReviewDetail } from '@emporium/contracts/reviews';
import type { RatingRecord, ReviewRecord } from '../repositories/review-store.js';

export const toReview = (record: ReviewRecord): Review => ({
  id: record.id,
  productId: record.productId,
  rating: record.rating,
  title: record.title,
  body: record.body,
  displayName: record.displayName,
  verifiedPurchase: true,
  createdAt: record.createdAt,
  updatedAt: record.updatedAt,
  edited: record.edited,
});

export const toReviewDetail = (
  record: ReviewRecord,
  product: { slug: string; title: string },
): ReviewDetail => ({
  ...toReview(record),
  status: record.status,
  userId: record.userId,
  productSlug: product.slug,
  productTitle: product.title,
  ...(record.hiddenReason !== undefined ? { hiddenReason: record.hiddenReason } : {}),
});

/** Undefined until the product has a published review, so listings carry nothing for it. */
export function toRatingSummary(rating: RatingRecord | undefined): RatingSummary | undefined {
  if (!rating || rating.count === 0) return undefined;
  return { average: Math.round((rating.sum / rating.count) * 10) / 10, count: rating.count };
}
