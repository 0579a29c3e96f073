// Reviews and content pages: a product's reviews and whether the shopper may write one, their own
// review, the shop's pages, and the admin's moderation and page editor.
import { type Transport, unwrap } from './http.js';
import type { ContentPageWrite, ReviewEdit, ReviewStatus, ReviewSubmit } from './types.js';

export function reviewEndpoints({ rest }: Transport) {
  const product = (slug: string) => ({ params: { path: { slug } } });
  const review = (id: string) => ({ params: { path: { id } } });
  return {
    list: (slug: string, page: { cursor?: string; limit?: number } = {}, signal?: AbortSignal) =>
      unwrap(
        rest.GET('/api/v1/products/{slug}/reviews', { params: { path: { slug }, query: page }, signal }),
      ),
    eligibility: (slug: string, signal?: AbortSignal) =>
      unwrap(rest.GET('/api/v1/products/{slug}/reviews/eligibility', { ...product(slug), signal })),
    submit: (slug: string, body: ReviewSubmit) =>
      unwrap(rest.POST('/api/v1/products/{slug}/reviews', { ...product(slug), body })),
    edit: (id: string, body: ReviewEdit) =>
      unwrap(rest.PATCH('/api/v1/reviews/{id}', { ...review(id), body })),
  };
}

export function contentPageEndpoints({ rest }: Transport) {
  return {
    list: (signal?: AbortSignal) => unwrap(rest.GET('/api/v1/pages', { signal })),
    get: (slug: string, signal?: AbortSignal) =>
      unwrap(rest.GET('/api/v1/pages/{slug}', { params: { path: { slug } }, signal })),
  };
}

export function adminReviewEndpoints({ rest }: Transport) {
  const review = (id: string) => ({ params: { path: { id } } });
  return {
    reviews: {
      list: (query: { status?: ReviewStatus; cursor?: string; limit?: number } = {}, signal?: AbortSignal) =>
        unwrap(rest.GET('/api/v1/admin/reviews', { params: { query }, signal })),
      hide: (id: string, reason: string) =>
        unwrap(rest.POST('/api/v1/admin/reviews/{id}/hide', { ...review(id), body: { reason } })),
      unhide: (id: string) => unwrap(rest.POST('/api/v1/admin/reviews/{id}/unhide', review(id))),
    },
    pages: {
      save: (slug: string, body: ContentPageWrite) =>
        unwrap(rest.PUT('/api/v1/admin/pages/{slug}', { params: { path: { slug } }, body })),
    },
  };
}
