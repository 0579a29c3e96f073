// Catalog use cases: admin writes with optimistic concurrency, the shopper's product detail and
// category tree, and browse/search through the index. Every write invalidates what it changes.
import { randomUUID } from 'node:crypto';
import type { Money } from '@emporium/contracts';
import {
  type CategoryNode,
  type CategoryUpsert,
  DEFAULT_CATALOG_CURRENCY,
  type Product,
  type ProductCreate,
  type ProductPatch,
} from '@emporium/contracts/product';
import type { RatingSummary } from '@emporium/contracts/reviews';
import { type FieldError, HttpProblem, problems } from '@emporium/platform';
import type { CatalogCache } from '../cache/catalog-cache.js';
import { productEvent } from '../events/product-events.js';
import { imagesOf, type MediaJson, type ProductImage } from '../media/media-json.js';
import {
  type CatalogStore,
  type Category,
  DuplicateKeyError,
  type ProductRecord,
  type StockRecord,
} from '../repositories/catalog-store.js';
import { toRatingSummary } from '../reviews/review-json.js';
import { type ListingQuery, listingCacheKey } from '../search/listing-query.js';
import type { SearchIndex } from '../search/search-index.js';
import { buildProductRecord, fieldsFromCreate, type ProductFields } from './product-record.js';

export interface CatalogDeps {
  store: CatalogStore;
  cache: CatalogCache;
  index: SearchIndex;
  /** Wakes the outbox relay after a write stored events. */
  eventsStored: () => void;
  mediaJson: MediaJson;
}

/** Uploaded images a product may carry, its variants' included. */
export const MAX_PRODUCT_IMAGES = 40;
// Concurrent uploads to one product each retry their append on a stale version; this bounds it.
const ATTACH_ATTEMPTS = 20;

/** A variant's price in `currency`, or null when it is not sold in that currency. */
export function priceIn(prices: Money[], currency: string): Money | null {
  return prices.find((price) => price.currency === currency) ?? null;
}

export function toProduct(
  record: ProductRecord,
  stock: StockRecord[],
  mediaJson: MediaJson,
  currency: string,
  rating?: RatingSummary,
): Product {
  const available = new Map(stock.map((level) => [level.sku, level.available]));
  const images = imagesOf(record.media);
  return {
    id: record.id,
    slug: record.slug,
    title: record.title,
    description: record.description,
    brand: record.brand,
    images: record.images,
    media: images.product.map(mediaJson.toMediaImage),
    category: record.category,
    categoryPath: record.categoryPath,
    attributes: record.attributes,
    variants: record.variants.map((variant) => ({
      ...variant,
      price: priceIn(variant.prices, currency),
      available: available.get(variant.sku) ?? 0,
      media: images.ofVariant(variant.sku).map(mediaJson.toMediaImage),
    })),
    status: record.status,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    ...(rating ? { rating } : {}),
  };
}

export function buildCategoryTree(categories: Category[]): CategoryNode[] {
  const nodes = new Map(
    categories.map((c) => [c.slug, { slug: c.slug, name: c.name, children: [] as CategoryNode[] }]),
  );
  const roots: CategoryNode[] = [];
  for (const category of categories) {
    const node = nodes.get(category.slug)!;
    const parent = category.parent ? nodes.get(category.parent) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

export function createCatalogService({ store, cache, index, eventsStored, mediaJson }: CatalogDeps) {
  const categoryMap = async () => new Map((await store.products.listCategories()).map((c) => [c.slug, c]));
  const changedEvent = (record: ProductRecord) =>
    productEvent('product.changed', record.id, {
      productId: record.id,
      slug: record.slug,
      status: record.status,
    });

  async function withStock(record: ProductRecord, currency = DEFAULT_CATALOG_CURRENCY): Promise<Product> {
    const [levels, rating] = await Promise.all([
      store.stock.levels(record.variants.map((variant) => variant.sku)),
      store.reviews.rating(record.id),
    ]);
    return toProduct(record, levels, mediaJson, currency, toRatingSummary(rating));
  }

  async function afterWrite(record: ProductRecord): Promise<void> {
    eventsStored();
    await cache.changed([record.slug], true);
  }

  async function save(
    fields: ProductFields,
    existing: ProductRecord | undefined,
    initialStock: Record<string, number>,
  ) {
    const at = new Date().toISOString();
    const record = buildProductRecord(fields, await categoryMap(), {
      id: existing?.id ?? randomUUID(),
      version: (existing?.version ?? 0) + 1,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
    });
    try {
      if (!existing) await store.products.insert(record, initialStock, [changedEvent(record)]);
      else if (
        !(await store.products.replace(record, existing.version, initialStock, [changedEvent(record)]))
      ) {
        throw staleVersion();
      }
    } catch (error) {
      if (error instanceof DuplicateKeyError) {
        throw problems.conflict(
          `A product with this ${error.field} already exists.`,
          `duplicate-${error.field}`,
        );
      }
      throw error;
    }
    await afterWrite(record);
    return withStock(record);
  }

  const staleVersion = () =>
    problems.conflict(
      'The product changed since you read it; reload and apply your edit again.',
      'stale-version',
    );

  async function mustFind(id: string): Promise<ProductRecord> {
    const record = await store.products.findById(id);
    if (!record) throw problems.notFound(`Product ${id}`);
    return record;
  }

  return {
    async create(input: ProductCreate): Promise<Product> {
      const stock = Object.fromEntries(input.variants.map((variant) => [variant.sku, variant.stock ?? 0]));
      return save(fieldsFromCreate(input), undefined, stock);
    },

    async update(id: string, patch: ProductPatch): Promise<Product> {
      const existing = await mustFind(id);
      if (existing.version !== patch.version) throw staleVersion();
      const { version: _version, ...changes } = patch;
      const fields: ProductFields = {
        ...existing,
        ...changes,
        variants: changes.variants ?? existing.variants,
      };
      const known = new Set(existing.variants.map((variant) => variant.sku));
      const kept = new Set(fields.variants.map((variant) => variant.sku));
      const refused: FieldError[] = [];
      if ([...known].some((sku) => !kept.has(sku))) {
        refused.push({
          field: 'body.variants',
          message: 'must keep every existing SKU (archive the product instead)',
        });
      }
      // `stock` is a new variant's opening quantity. An existing variant's stock moves only
      // through the ledger (restock, adjustments, counts): refused rather than silently dropped.
      changes.variants?.forEach((variant, index) => {
        if (known.has(variant.sku) && variant.stock !== undefined) {
          refused.push({
            field: `body.variants.${index}.stock`,
            message: `is only for new variants; change ${variant.sku} through /admin/stock/${variant.sku}/adjustments`,
          });
        }
      });
      if (refused.length > 0) throw problems.validation(refused);
      const added = fields.variants.filter((variant) => !known.has(variant.sku));
      return save(
        fields,
        existing,
        Object.fromEntries(added.map((variant) => [variant.sku, variant.stock ?? 0])),
      );
    },

    async archive(id: string): Promise<Product> {
      const existing = await mustFind(id);
      if (existing.status === 'archived') return withStock(existing);
      return save({ ...existing, status: 'archived' }, existing, {});
    },

    /**
     * Adds an uploaded image to a product (to one variant with `sku`). The same image for the same
     * variant is added once however often, or concurrently, it is uploaded; `added` says whether
     * this call added it. Concurrent uploads of different images all land: each retries on the
     * version another one moved.
     */
    async attachImage(id: string, image: ProductImage): Promise<{ product: Product; added: boolean }> {
      for (let attempt = 1; ; attempt++) {
        const existing = await mustFind(id);
        const media = existing.media ?? [];
        if (image.sku !== undefined && !existing.variants.some((variant) => variant.sku === image.sku)) {
          throw problems.validation([{ field: 'sku', message: `is not a variant of product ${id}` }]);
        }
        if (media.some((known) => known.id === image.id && known.sku === image.sku)) {
          return { product: await withStock(existing), added: false };
        }
        if (media.length >= MAX_PRODUCT_IMAGES) {
          throw problems.conflict(
            `The product already has ${MAX_PRODUCT_IMAGES} images, the most it may carry.`,
            'too-many-images',
          );
        }
        try {
          return {
            product: await save({ ...existing, media: [...media, image] }, existing, {}),
            added: true,
          };
        } catch (error) {
          const stale = error instanceof HttpProblem && error.slug === 'stale-version';
          if (!stale || attempt >= ATTACH_ATTEMPTS) throw error;
        }
      }
    },

    async adminProduct(id: string): Promise<Product> {
      return withStock(await mustFind(id));
    },

    /**
     * JSON of a shopper-visible product (active or archived) with prices in `currency`, cached;
     * undefined when unknown.
     */
    productDetailJson(slug: string, currency: string): Promise<string | undefined> {
      return cache.detail(slug, currency, async () => {
        const record = await store.products.findBySlug(slug);
        if (!record || record.status === 'draft') return undefined;
        return JSON.stringify(await withStock(record, currency));
      });
    },

    /**
     * A shopper-visible product whose availability counts only stock locations that ship to
     * `country`. Read fresh: it depends on where each unit is, which the cached detail ignores.
     */
    async productDetailShippingTo(
      slug: string,
      country: string,
      currency: string,
    ): Promise<Product | undefined> {
      const record = await store.products.findBySlug(slug);
      if (!record || record.status === 'draft') return undefined;
      const skus = record.variants.map((variant) => variant.sku);
      const [levels, shippable, rating] = await Promise.all([
        store.stock.levels(skus),
        store.locations.availableFor(skus, country),
        store.reviews.rating(record.id),
      ]);
      return toProduct(
        record,
        levels.map((level) => ({ ...level, available: shippable.get(level.sku) ?? 0 })),
        mediaJson,
        currency,
        toRatingSummary(rating),
      );
    },

    /** JSON of one listing page, cached per query and catalog generation. */
    async listingJson(query: ListingQuery): Promise<string> {
      const generation = await cache.generation();
      const load = async () => {
        await index.sync(generation);
        return JSON.stringify(index.search(query));
      };
      if (generation === undefined) return load();
      return cache.listing(listingCacheKey(query), generation, load);
    },

    async categories(): Promise<CategoryNode[]> {
      return buildCategoryTree(await store.products.listCategories());
    },

    async upsertCategory(slug: string, input: CategoryUpsert): Promise<void> {
      const categories = await categoryMap();
      if (input.parent) {
        if (!categories.has(input.parent)) {
          throw problems.validation([{ field: 'body.parent', message: 'is not a known category' }]);
        }
        // Walking up from the parent must never reach the category itself, or the tree loops.
        for (
          let at = categories.get(input.parent);
          at;
          at = at.parent ? categories.get(at.parent) : undefined
        ) {
          if (at.slug === slug)
            throw problems.validation([{ field: 'body.parent', message: 'would make a cycle' }]);
        }
      }
      await store.products.upsertCategory({ slug, name: input.name, parent: input.parent ?? null });
      await cache.changed([], true);
    },
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
