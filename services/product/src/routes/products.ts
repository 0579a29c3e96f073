// Shoppers' catalog routes: browse/search and product detail. Both answer cached JSON as is.
import {
  CatalogCurrency,
  DEFAULT_CATALOG_CURRENCY,
  Product,
  ProductPage,
  Slug,
  SortOrder,
} from '@emporium/contracts/product';
import { problems, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { CatalogService } from '../catalog/catalog-service.js';
import { normaliseListingQuery, type RawListingQuery } from '../search/listing-query.js';

// Values are plain text: braces, brackets and `$` never reach a query, so they are refused here.
const PlainText = (maxLength: number) => Type.String({ pattern: '^[^{}$\\[\\]]*$', maxLength });

export const ListingQuerystring = Type.Object(
  {
    q: Type.Optional(PlainText(200)),
    category: Type.Optional(Slug),
    minPrice: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
    maxPrice: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
    inStock: Type.Optional(Type.Boolean()),
    sort: Type.Optional(SortOrder),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    cursor: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,400}$' })),
    currency: Type.Optional(CatalogCurrency),
  },
  {
    patternProperties: { '^attr\\.[a-z][a-z0-9_]{0,39}$': Type.String({ pattern: '^[^{}$\\[\\]]{1,200}$' }) },
    additionalProperties: false,
  },
);

/**
 * Catalog reads are the same for every shopper, so a shared cache (the gateway) may reuse them for
 * a few seconds (it caps that further); browsers revalidate every time, so a shopper never holds
 * a stale page in their own cache. Stock is re-checked at checkout, never taken from a page.
 */
export const CATALOG_CACHE_CONTROL = 'public, max-age=0, s-maxage=5';

// Cached values are already the JSON of the response schema; Fastify sends strings untouched.
function sendJson(reply: FastifyReply, json: string) {
  return reply
    .type('application/json')
    .header('cache-control', CATALOG_CACHE_CONTROL)
    .send(json as never);
}

export function registerProductRoutes(app: ServiceApp, catalog: CatalogService): void {
  app.get(
    '/products',
    {
      schema: {
        summary: 'Browse and search active products, with facets and a keyset cursor',
        description:
          'Prices, price filters, price sorting and the price facet are in `currency` (default ' +
          'USD): a product not sold in it shows `price: null`, matches no price filter and sorts ' +
          'after every priced one.',
        querystring: ListingQuerystring,
        response: { 200: ProductPage },
      },
    },
    async (request, reply) => {
      const query = normaliseListingQuery(request.query as RawListingQuery);
      return sendJson(reply, await catalog.listingJson(query));
    },
  );

  app.get(
    '/products/:slug',
    {
      schema: {
        summary: 'A product by slug (active or archived), with per-variant availability',
        description:
          'With `country`, availability counts only stock locations that ship to that country ' +
          "(ISO 3166-1 alpha-2); without it, every location. Each variant's `price` is in " +
          '`currency` (default USD), null when the variant is not sold in it; `prices` lists all.',
        params: Type.Object({ slug: Slug }),
        querystring: Type.Object(
          {
            country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
            currency: Type.Optional(CatalogCurrency),
          },
          { additionalProperties: false },
        ),
        response: { 200: Product },
      },
    },
    async (request, reply) => {
      const currency = request.query.currency ?? DEFAULT_CATALOG_CURRENCY;
      if (request.query.country) {
        const product = await catalog.productDetailShippingTo(
          request.params.slug,
          request.query.country,
          currency,
        );
        if (!product) throw problems.notFound(`Product ${request.params.slug}`);
        return reply.header('cache-control', CATALOG_CACHE_CONTROL).send(product);
      }
      const json = await catalog.productDetailJson(request.params.slug, currency);
      if (json === undefined) throw problems.notFound(`Product ${request.params.slug}`);
      return sendJson(reply, json);
    },
  );
}
