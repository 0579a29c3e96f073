// Shoppers' review routes: a product's published reviews (public), whether the signed-in shopper
// may review it, submitting one, and reading or editing their own.
import { Slug } from '@emporium/contracts/product';
import {
  ReviewDetail,
  ReviewEdit,
  ReviewEligibility,
  ReviewPage,
  ReviewSubmit,
} from '@emporium/contracts/reviews';
import { principalOf, refusals, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { ReviewService } from '../reviews/review-service.js';

const SlugParams = Type.Object({ slug: Slug });
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const ReviewListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    cursor: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,200}$' })),
  },
  { additionalProperties: false },
);

export function registerReviewRoutes(app: ServiceApp, reviews: ReviewService): void {
  const customer = app.requireRole('customer');

  app.get(
    '/products/:slug/reviews',
    {
      schema: {
        summary: "A product's published reviews, newest first, with its rating and star distribution",
        params: SlugParams,
        querystring: ReviewListQuery,
        response: { 200: ReviewPage },
      },
    },
    async (request) =>
      reviews.list(request.params.slug, { cursor: request.query.cursor, limit: request.query.limit ?? 10 }),
  );

  app.get(
    '/products/:slug/reviews/eligibility',
    {
      preHandler: customer,
      schema: {
        summary: 'Whether the signed-in shopper may review the product, and their own review',
        description: 'Only a shopper with a confirmed order of the product may review it, once.',
        params: SlugParams,
        response: { 200: ReviewEligibility },
      },
    },
    async (request) => reviews.eligibility(request.params.slug, principalOf(request).userId),
  );

  app.post(
    '/products/:slug/reviews',
    {
      preHandler: customer,
      schema: {
        summary: 'Review a product you bought (once)',
        description:
          '403 purchase-required without a confirmed order of the product; 409 already-reviewed ' +
          '(with `reviewId`) for a second review, even one sent at the same moment; 429 after too ' +
          'many reviews and edits in a short time.',
        params: SlugParams,
        body: ReviewSubmit,
        response: { 201: ReviewDetail, ...refusals(403, 409, 429) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await reviews.submit(request.params.slug, principalOf(request).userId, request.body)),
  );

  app.get(
    '/reviews/:id',
    {
      preHandler: customer,
      schema: { summary: 'Your own review', params: IdParams, response: { 200: ReviewDetail } },
    },
    async (request) => reviews.own(request.params.id, principalOf(request).userId),
  );

  app.patch(
    '/reviews/:id',
    {
      preHandler: customer,
      schema: {
        summary: 'Edit your own review',
        description:
          '409 review-hidden once an admin hid it; 429 after too many reviews and edits in a short time.',
        params: IdParams,
        body: ReviewEdit,
        response: { 200: ReviewDetail, ...refusals(409, 429) },
      },
    },
    async (request) => reviews.edit(request.params.id, principalOf(request).userId, request.body),
  );
}
