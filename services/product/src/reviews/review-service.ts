// Review use cases: a verified buyer's one review per product and its edits, the public list
// with the product's aggregate, and admin moderation. Every change that moves the aggregate
// drops the product's cached detail and moves listings on, so cards show the new stars.
import { randomUUID } from 'node:crypto';
import type {
  AdminReviewPage,
  ReviewEdit,
  ReviewEligibility,
  ReviewPage,
  ReviewStatus,
  ReviewSubmit,
} from '@emporium/contracts/reviews';
import { HttpProblem, problems } from '@emporium/platform';
import type { CatalogCache } from '../cache/catalog-cache.js';
import { productEvent } from '../events/product-events.js';
import type { CatalogStore, ProductRecord } from '../repositories/catalog-store.js';
import type { ReviewRecord } from '../repositories/review-store.js';
import { decodeReviewCursor, encodeReviewCursor } from './review-cursor.js';
import { toRatingSummary, toReview, toReviewDetail } from './review-json.js';
import type { ReviewRateLimit } from './review-rate-limit.js';

export const DEFAULT_DISPLAY_NAME = 'Verified buyer';

export interface ReviewDeps {
  store: CatalogStore;
  cache: CatalogCache;
  rateLimit: ReviewRateLimit;
  /** Wakes the relay of the outbox beside the stock, where review events are stored. */
  eventsStored: () => void;
}

interface Page {
  cursor?: string;
  limit: number;
}

export function createReviewService({ store, cache, rateLimit, eventsStored }: ReviewDeps) {
  /** A product shoppers can see (active or archived); drafts are as unknown as missing ones. */
  async function visibleProduct(slug: string): Promise<ProductRecord> {
    const product = await store.products.findBySlug(slug);
    if (!product || product.status === 'draft') throw problems.notFound(`Product ${slug}`);
    return product;
  }

  async function mustFindOwn(id: string, userId: string): Promise<ReviewRecord> {
    const review = await store.reviews.find(id);
    // Someone else's review is as unknown as a missing one: ids are not a way to probe.
    if (!review || review.userId !== userId) throw problems.notFound(`Review ${id}`);
    return review;
  }

  async function productOf(review: ReviewRecord) {
    const product = await store.products.findById(review.productId);
    return { slug: product?.slug ?? '', title: product?.title ?? '' };
  }

  const ratingMoved = (product: { slug: string }) => cache.changed([product.slug], true);

  const alreadyReviewed = (review: ReviewRecord) =>
    new HttpProblem(
      409,
      'already-reviewed',
      'Conflict',
      'You have already reviewed this product; edit your review instead.',
      {
        reviewId: review.id,
      },
    );

  return {
    async list(slug: string, page: Page): Promise<ReviewPage> {
      const after = decodeReviewCursor(page.cursor);
      const product = await visibleProduct(slug);
      const [rating, rows] = await Promise.all([
        store.reviews.rating(product.id),
        store.reviews.listPublished(product.id, { after, limit: page.limit + 1 }),
      ]);
      const items = rows.slice(0, page.limit);
      const last = items.at(-1);
      return {
        rating: toRatingSummary(rating) ?? { average: 0, count: 0 },
        distribution: Object.fromEntries(
          [1, 2, 3, 4, 5].map((stars) => [String(stars), rating?.stars[stars - 1] ?? 0]),
        ),
        items: items.map(toReview),
        nextCursor: rows.length > page.limit && last ? encodeReviewCursor(last) : null,
      };
    },

    async eligibility(slug: string, userId: string): Promise<ReviewEligibility> {
      const product = await visibleProduct(slug);
      const own = await store.reviews.findByAuthor(product.id, userId);
      if (own) return { eligible: false, reason: 'already-reviewed', review: toReviewDetail(own, product) };
      if (!(await store.reviews.hasPurchased(userId, product.id)))
        return { eligible: false, reason: 'not-purchased' };
      return { eligible: true };
    },

    async submit(slug: string, userId: string, input: ReviewSubmit) {
      const product = await visibleProduct(slug);
      const own = await store.reviews.findByAuthor(product.id, userId);
      if (own) throw alreadyReviewed(own);
      await rateLimit.take(userId);
      const at = new Date().toISOString();
      const outcome = await store.reviews.submit(
        {
          id: randomUUID(),
          productId: product.id,
          userId,
          displayName: input.displayName?.trim() || DEFAULT_DISPLAY_NAME,
          rating: input.rating,
          title: input.title.trim(),
          body: input.body.trim(),
          status: 'published',
          edited: false,
          createdAt: at,
          updatedAt: at,
        },
        (review) => [
          productEvent('review.submitted', review.id, {
            reviewId: review.id,
            productId: product.id,
            productSlug: product.slug,
            productTitle: product.title,
            userId,
            rating: review.rating,
            title: review.title,
            displayName: review.displayName,
          }),
        ],
      );
      if (outcome.outcome === 'not-purchased') {
        throw new HttpProblem(
          403,
          'purchase-required',
          'Forbidden',
          'Only shoppers with a confirmed order of this product may review it.',
        );
      }
      if (outcome.outcome === 'duplicate') throw alreadyReviewed(outcome.review);
      eventsStored();
      await ratingMoved(product);
      return toReviewDetail(outcome.review, product);
    },

    async edit(id: string, userId: string, changes: ReviewEdit) {
      await mustFindOwn(id, userId);
      await rateLimit.take(userId);
      const outcome = await store.reviews.edit(
        id,
        userId,
        {
          ...(changes.rating !== undefined ? { rating: changes.rating } : {}),
          ...(changes.title !== undefined ? { title: changes.title.trim() } : {}),
          ...(changes.body !== undefined ? { body: changes.body.trim() } : {}),
          ...(changes.displayName !== undefined ? { displayName: changes.displayName.trim() } : {}),
        },
        new Date().toISOString(),
      );
      if (outcome.outcome === 'unknown') throw problems.notFound(`Review ${id}`);
      if (outcome.outcome === 'hidden') {
        throw problems.conflict('An admin hid this review; it cannot be changed.', 'review-hidden');
      }
      const product = await productOf(outcome.review);
      await ratingMoved(product);
      return toReviewDetail(outcome.review, product);
    },

    async own(id: string, userId: string) {
      const review = await mustFindOwn(id, userId);
      return toReviewDetail(review, await productOf(review));
    },

    async moderationList(query: Page & { status?: ReviewStatus }): Promise<AdminReviewPage> {
      const after = decodeReviewCursor(query.cursor);
      const rows = await store.reviews.listForModeration({
        ...(query.status ? { status: query.status } : {}),
        after,
        limit: query.limit + 1,
      });
      const items = rows.slice(0, query.limit);
      const products = new Map(
        (await store.products.findByIds([...new Set(items.map((review) => review.productId))])).map(
          (product) => [product.id, product],
        ),
      );
      const last = items.at(-1);
      return {
        items: items.map((review) => {
          const product = products.get(review.productId);
          return toReviewDetail(review, { slug: product?.slug ?? '', title: product?.title ?? '' });
        }),
        nextCursor: rows.length > query.limit && last ? encodeReviewCursor(last) : null,
      };
    },

    async hide(id: string, reason: string, adminId: string) {
      const found = await store.reviews.find(id);
      if (!found) throw problems.notFound(`Review ${id}`);
      const product = await productOf(found);
      const outcome = await store.reviews.hide(
        id,
        { reason: reason.trim(), by: adminId, at: new Date().toISOString() },
        (review) => [
          productEvent('review.hidden', review.id, {
            reviewId: review.id,
            productId: review.productId,
            productSlug: product.slug,
            reason: review.hiddenReason ?? reason,
            hiddenBy: adminId,
          }),
        ],
      );
      return finishModeration(id, outcome);
    },

    async unhide(id: string) {
      return finishModeration(id, await store.reviews.unhide(id, new Date().toISOString()));
    },
  };

  async function finishModeration(
    id: string,
    outcome: Awaited<ReturnType<CatalogStore['reviews']['unhide']>>,
  ) {
    if (outcome.outcome === 'unknown') throw problems.notFound(`Review ${id}`);
    const product = await productOf(outcome.review);
    if (outcome.outcome === 'changed') {
      eventsStored();
      await ratingMoved(product);
    }
    return toReviewDetail(outcome.review, product);
  }
}

export type ReviewService = ReturnType<typeof createReviewService>;
