// Admin moderation of reviews: every review newest first, hide one with a reason, unhide it.
import { AdminReviewPage, ReviewDetail, ReviewHide, ReviewStatus } from '@emporium/contracts/reviews';
import { principalOf, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { ReviewService } from '../reviews/review-service.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export function registerAdminReviewRoutes(app: ServiceApp, reviews: ReviewService): void {
  const admin = app.requireRole('admin');

  app.get(
    '/admin/reviews',
    {
      preHandler: admin,
      schema: {
        summary: 'Reviews of every product for moderation, newest first',
        querystring: Type.Object(
          {
            status: Type.Optional(ReviewStatus),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            cursor: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,200}$' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: AdminReviewPage },
      },
    },
    async (request) =>
      reviews.moderationList({
        ...(request.query.status ? { status: request.query.status } : {}),
        cursor: request.query.cursor,
        limit: request.query.limit ?? 25,
      }),
  );

  app.post(
    '/admin/reviews/:id/hide',
    {
      preHandler: admin,
      schema: {
        summary: 'Hide a review from shoppers, with the reason',
        description: 'Hiding a hidden review changes nothing (its first reason stays).',
        params: IdParams,
        body: ReviewHide,
        response: { 200: ReviewDetail },
      },
    },
    async (request) => reviews.hide(request.params.id, request.body.reason, principalOf(request).userId),
  );

  app.post(
    '/admin/reviews/:id/unhide',
    {
      preHandler: admin,
      schema: { summary: 'Show a hidden review again', params: IdParams, response: { 200: ReviewDetail } },
    },
    async (request) => reviews.unhide(request.params.id),
  );
}
