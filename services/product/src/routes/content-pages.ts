// Content pages: public reads (the Markdown and its safe HTML) and the admin's writes.
import { ContentPage, ContentPageList, ContentPageWrite, PageSlug } from '@emporium/contracts/content-pages';
import { refusals, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { ContentPageService } from '../pages/content-page-service.js';

const SlugParams = Type.Object({ slug: PageSlug });
// Pages change rarely; like catalog reads, shared caches may reuse them briefly.
const PAGE_CACHE_CONTROL = 'public, max-age=0, s-maxage=5';

export function registerContentPageRoutes(app: ServiceApp, pages: ContentPageService): void {
  app.get(
    '/pages',
    { schema: { summary: "The shop's content pages, by slug", response: { 200: ContentPageList } } },
    async (_request, reply) => reply.header('cache-control', PAGE_CACHE_CONTROL).send(await pages.list()),
  );

  app.get(
    '/pages/:slug',
    {
      schema: {
        summary: 'A content page: its Markdown and the HTML it renders to',
        params: SlugParams,
        response: { 200: ContentPage },
      },
    },
    async (request, reply) =>
      reply.header('cache-control', PAGE_CACHE_CONTROL).send(await pages.page(request.params.slug)),
  );

  app.put(
    '/admin/pages/:slug',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        summary: 'Create or change a content page',
        description:
          'Without `version`: creates the page (201; 409 page-exists if it exists). With the ' +
          '`version` read: changes it (200; 409 stale-version, with `currentVersion`, if someone ' +
          'changed it since; 404 if there is no such page).',
        params: SlugParams,
        body: ContentPageWrite,
        response: { 200: ContentPage, 201: ContentPage, ...refusals(409) },
      },
    },
    async (request, reply) => {
      const { page, created } = await pages.write(request.params.slug, request.body);
      return reply.code(created ? 201 : 200).send(page);
    },
  );
}
