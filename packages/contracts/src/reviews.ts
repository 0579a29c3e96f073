// HTTP bodies of product reviews: a verified buyer's rating and text, the product's aggregate,
// and the admin's moderation.
import { type Static, Type } from '@sinclair/typebox';

export const ReviewRating = Type.Integer({ minimum: 1, maximum: 5, description: 'stars, 1 to 5' });
/** Plain text, never rendered as HTML; lengths keep one review from flooding a product page. */
const ReviewTitle = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' });
const ReviewText = Type.String({ minLength: 10, maxLength: 5000, pattern: '\\S' });
const DisplayName = Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' });

/** A product's published reviews in two numbers; average to one decimal, 0 with no reviews. */
export const RatingSummary = Type.Object({
  average: Type.Number({ minimum: 0, maximum: 5 }),
  count: Type.Integer({ minimum: 0 }),
});
export type RatingSummary = Static<typeof RatingSummary>;

export const ReviewStatus = Type.Union([Type.Literal('published'), Type.Literal('hidden')]);
export type ReviewStatus = Static<typeof ReviewStatus>;

export const ReviewSubmit = Type.Object(
  {
    rating: ReviewRating,
    title: ReviewTitle,
    body: ReviewText,
    /** Shown beside the review; "Verified buyer" when left out. */
    displayName: Type.Optional(DisplayName),
  },
  { additionalProperties: false },
);
export type ReviewSubmit = Static<typeof ReviewSubmit>;

export const ReviewEdit = Type.Object(
  {
    rating: Type.Optional(ReviewRating),
    title: Type.Optional(ReviewTitle),
    body: Type.Optional(ReviewText),
    displayName: Type.Optional(DisplayName),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ReviewEdit = Static<typeof ReviewEdit>;

/** A review as anyone may read it. */
export const Review = Type.Object({
  id: Type.String({ format: 'uuid' }),
  productId: Type.String(),
  rating: ReviewRating,
  title: Type.String(),
  body: Type.String(),
  displayName: Type.String(),
  /** Only buyers may review, so every review is from one. */
  verifiedPurchase: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  /** True once its author changed it after submitting. */
  edited: Type.Boolean(),
});
export type Review = Static<typeof Review>;

/** A review with what only its author and admins see. */
export const ReviewDetail = Type.Composite([
  Review,
  Type.Object({
    status: ReviewStatus,
    userId: Type.String(),
    productSlug: Type.String(),
    productTitle: Type.String(),
    /** Why an admin hid it; absent while published. */
    hiddenReason: Type.Optional(Type.String()),
  }),
]);
export type ReviewDetail = Static<typeof ReviewDetail>;

export const ReviewPage = Type.Object({
  rating: RatingSummary,
  /** How many published reviews gave each number of stars, "1" to "5". */
  distribution: Type.Record(Type.String(), Type.Integer()),
  items: Type.Array(Review),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type ReviewPage = Static<typeof ReviewPage>;

export const ReviewEligibility = Type.Object({
  /** The shopper may submit a review now. */
  eligible: Type.Boolean(),
  /** Why not: `not-purchased` or `already-reviewed`. */
  reason: Type.Optional(Type.Union([Type.Literal('not-purchased'), Type.Literal('already-reviewed')])),
  /** The shopper's own review, published or hidden, to edit. */
  review: Type.Optional(ReviewDetail),
});
export type ReviewEligibility = Static<typeof ReviewEligibility>;

export const ReviewHide = Type.Object(
  { reason: Type.String({ minLength: 3, maxLength: 500, pattern: '\\S' }) },
  { additionalProperties: false },
);
export type ReviewHide = Static<typeof ReviewHide>;

export const AdminReviewPage = Type.Object({
  items: Type.Array(ReviewDetail),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type AdminReviewPage = Static<typeof AdminReviewPage>;
