import { CategoryNode, CategoryUpsert, Slug } from '@emporium/contracts/product';
import type { ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { CatalogService } from '../catalog/catalog-service.js';
import { CATALOG_CACHE_CONTROL } from './products.js';

export function registerCategoryRoutes(app: ServiceApp, catalog: CatalogService): void {
  app.get(
    '/categories',
    {
      schema: {
        summary: 'The category tree',
        response: { 200: Type.Object({ categories: Type.Array(CategoryNode) }) },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', CATALOG_CACHE_CONTROL);
      return { categories: await catalog.categories() };
    },
  );

  app.put(
    '/admin/categories/:slug',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        summary: 'Create or rename a category',
        params: Type.Object({ slug: Slug }),
        body: CategoryUpsert,
        response: { 204: Type.Null({ description: 'Saved' }) },
      },
    },
    async (request, reply) => {
      await catalog.upsertCategory(request.params.slug, request.body);
      return reply.status(204).send(null);
    },
  );
}
