import { Product, ProductCreate, ProductPatch } from '@emporium/contracts/product';
import { refusals, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { CatalogService } from '../catalog/catalog-service.js';

const ProductId = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) });

export function registerAdminProductRoutes(app: ServiceApp, catalog: CatalogService): void {
  const admin = app.requireRole('admin');

  app.post(
    '/admin/products',
    {
      preHandler: admin,
      // 409: the slug or a SKU is taken.
      schema: {
        summary: 'Create a product',
        body: ProductCreate,
        response: { 201: Product, ...refusals(409) },
      },
    },
    async (request, reply) => reply.status(201).send(await catalog.create(request.body)),
  );

  app.get(
    '/admin/products/:id',
    {
      preHandler: admin,
      schema: { summary: 'A product in any status', params: ProductId, response: { 200: Product } },
    },
    async (request) => catalog.adminProduct(request.params.id),
  );

  app.patch(
    '/admin/products/:id',
    {
      preHandler: admin,
      schema: {
        summary: 'Update a product; `version` must be the one read (409 stale-version otherwise)',
        params: ProductId,
        body: ProductPatch,
        // 409: a stale version, or a slug or SKU taken.
        response: { 200: Product, ...refusals(409) },
      },
    },
    async (request) => catalog.update(request.params.id, request.body),
  );

  app.post(
    '/admin/products/:id/archive',
    {
      preHandler: admin,
      schema: { summary: 'Archive a product', params: ProductId, response: { 200: Product } },
    },
    async (request) => catalog.archive(request.params.id),
  );
}
