// HTTP bodies of the product service: catalog, browse/search, stock and the internal
// reservation API the order service calls.
import { type Static, Type } from '@sinclair/typebox';
import { Money, Sku } from './common.js';
import { SUPPORTED_CURRENCIES } from './currencies.js';
import { TaxClass } from './pricing.js';
import { RatingSummary } from './reviews.js';

export const Slug = Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', minLength: 1, maxLength: 120 });
export const ProductStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('active'),
  Type.Literal('archived'),
]);
export type ProductStatus = Static<typeof ProductStatus>;

/** Free-form, per category: size, colour, material… Keys are plain words so they can't be operators. */
export const AttributeName = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' });
export const AttributeValue = Type.String({ minLength: 1, maxLength: 80 });
export const Attributes = Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), AttributeValue, {
  maxProperties: 30,
});

export const ImageUrl = Type.String({ pattern: '^(https?://|/|data:image/)[^\\s]*$', maxLength: 20000 });

export { RENDITION_NAMES, type RenditionName } from './product-media.js';

/** One size of an image, in every format it was rendered in. */
export const ImageRendition = Type.Object({
  width: Type.Integer(),
  height: Type.Integer(),
  avif: Type.String(),
  webp: Type.String(),
  /** JPEG, or PNG when the image has transparency: every browser shows it. */
  fallback: Type.String(),
});
export type ImageRendition = Static<typeof ImageRendition>;

/** An uploaded image as the catalog describes it: URLs, sizes and alt text, never the bytes. */
export const MediaImage = Type.Object({
  /** The content hash of the uploaded bytes; part of every URL, so a URL's bytes never change. */
  id: Type.String(),
  alt: Type.String(),
  /** The largest rendition's size: its aspect ratio is every rendition's. */
  width: Type.Integer(),
  height: Type.Integer(),
  renditions: Type.Object({
    thumbnail: ImageRendition,
    card: ImageRendition,
    detail: ImageRendition,
    zoom: ImageRendition,
  }),
});
export type MediaImage = Static<typeof MediaImage>;

/**
 * What a listing says of an image: its id, largest size and fallback format. Its rendition URLs
 * are `mediaUrl(page.mediaBase, image, rendition, format)` (product-media.ts); no alt text, since
 * a card's title already names what the picture shows.
 */
export const MediaRef = Type.Object({
  id: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  fallback: Type.Union([Type.Literal('jpg'), Type.Literal('png')]),
});

export const VariantWeight = Type.Integer({ minimum: 0, maximum: 10_000_000 });

/** The currency a catalog read shows prices in when none is asked for. */
export const DEFAULT_CATALOG_CURRENCY = 'USD';

/** `?currency=` of catalog reads: the shopper's currency (their region's, GET /regions?country=). */
export const CatalogCurrency = Type.Unsafe<string>({
  type: 'string',
  enum: SUPPORTED_CURRENCIES,
  description: `ISO 4217 code; default ${DEFAULT_CATALOG_CURRENCY}`,
});

export const VariantInput = Type.Object(
  {
    sku: Sku,
    title: Type.String({ minLength: 1, maxLength: 120 }),
    options: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), AttributeValue)),
    /**
     * The variant's price in each currency it is sold in (integer minor units of that currency:
     * cents, pence, whole yen), one per currency. Gross in tax-inclusive regions (VAT included),
     * net where tax is added at checkout. A currency left out: not sold where that currency is.
     */
    prices: Type.Array(Money, { minItems: 1, maxItems: 20 }),
    /** The tax rate class pricing applies: books and food are often reduced (default standard). */
    taxClass: Type.Optional(TaxClass),
    /** Shipping weight of one unit, for weight-banded shipping (default 0). */
    weightGrams: Type.Optional(VariantWeight),
    /** Initial available quantity; later changes go through restock and reservations. */
    stock: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    lowStockThreshold: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false },
);
export type VariantInput = Static<typeof VariantInput>;

const productFields = {
  slug: Slug,
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ maxLength: 5000 }),
  brand: Type.String({ minLength: 1, maxLength: 100 }),
  images: Type.Array(ImageUrl, { maxItems: 20 }),
  category: Slug,
  attributes: Attributes,
  variants: Type.Array(VariantInput, { minItems: 1, maxItems: 100 }),
  status: ProductStatus,
};

export const ProductCreate = Type.Object(
  {
    ...productFields,
    images: Type.Optional(productFields.images),
    attributes: Type.Optional(productFields.attributes),
    description: Type.Optional(productFields.description),
    status: Type.Optional(productFields.status),
  },
  { additionalProperties: false },
);
export type ProductCreate = Static<typeof ProductCreate>;

/** A partial update; `version` is the one the editor read (optimistic concurrency). Slugs are permanent. */
export const ProductPatch = Type.Object(
  {
    version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    title: Type.Optional(productFields.title),
    description: Type.Optional(productFields.description),
    brand: Type.Optional(productFields.brand),
    images: Type.Optional(productFields.images),
    category: Type.Optional(productFields.category),
    attributes: Type.Optional(productFields.attributes),
    variants: Type.Optional(productFields.variants),
    status: Type.Optional(productFields.status),
  },
  { additionalProperties: false },
);
export type ProductPatch = Static<typeof ProductPatch>;

export const Variant = Type.Object({
  sku: Sku,
  title: Type.String(),
  options: Type.Record(Type.String(), Type.String()),
  /** The price in the currency asked for (`?currency=`, default USD); null: not sold in it. */
  price: Type.Union([Money, Type.Null()]),
  /** Every currency's price, as entered. */
  prices: Type.Array(Money),
  taxClass: TaxClass,
  weightGrams: Type.Integer(),
  available: Type.Integer(),
  lowStockThreshold: Type.Integer(),
  /** This variant's own images (its colour, say); empty when the product's images show it. */
  media: Type.Array(MediaImage),
});
export type Variant = Static<typeof Variant>;

export const Product = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  title: Type.String(),
  description: Type.String(),
  brand: Type.String(),
  /** Images hosted elsewhere, by URL, as an admin entered them. */
  images: Type.Array(Type.String()),
  /** Uploaded images (POST /admin/products/{id}/media) that show the whole product. */
  media: Type.Array(MediaImage),
  category: Type.String(),
  categoryPath: Type.Array(Type.String()),
  attributes: Type.Record(Type.String(), Type.String()),
  variants: Type.Array(Variant),
  status: ProductStatus,
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  /** Published reviews' average and count; absent until the first review. */
  rating: Type.Optional(RatingSummary),
});
export type Product = Static<typeof Product>;

/** A product as a listing card shows it; the product page (GET /products/{slug}) has the rest. */
export const ProductSummary = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  title: Type.String(),
  brand: Type.String(),
  /** The first image hosted elsewhere (an admin-entered URL), when nothing was uploaded. */
  image: Type.Optional(Type.String()),
  /** The first uploaded image. */
  media: Type.Optional(MediaRef),
  category: Type.String(),
  /** The lowest variant price in the currency asked for; null: not sold in that currency. */
  price: Type.Union([Money, Type.Null()]),
  inStock: Type.Boolean(),
  /** Published reviews' average and count; absent until the first review. */
  rating: Type.Optional(RatingSummary),
});
export type ProductSummary = Static<typeof ProductSummary>;

export const SortOrder = Type.Union([
  Type.Literal('relevance'),
  Type.Literal('price_asc'),
  Type.Literal('price_desc'),
  Type.Literal('newest'),
]);
export type SortOrder = Static<typeof SortOrder>;

/**
 * How many products of the result set have each value: `{ "red": 12, "blue": 3 }`. Key order is
 * not meaningful (JSON parsers put number-like keys first): clients sort, see `facetEntries`.
 */
export const FacetCounts = Type.Record(Type.String(), Type.Integer());
export type FacetCounts = Static<typeof FacetCounts>;
export const Facets = Type.Object({
  categories: FacetCounts,
  brands: FacetCounts,
  attributes: Type.Record(Type.String(), FacetCounts),
  price: Type.Object({ min: Type.Integer(), max: Type.Integer() }),
  inStock: Type.Integer(),
});
export type Facets = Static<typeof Facets>;

export const ProductPage = Type.Object({
  items: Type.Array(ProductSummary),
  facets: Facets,
  total: Type.Integer(),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  /** Where the items' images are served: a path (`/api/v1/media`) or a CDN's URL. */
  mediaBase: Type.String(),
});
export type ProductPage = Static<typeof ProductPage>;

export interface CategoryNode {
  slug: string;
  name: string;
  children: CategoryNode[];
}
export const CategoryNode = Type.Recursive(
  (Self) => Type.Object({ slug: Type.String(), name: Type.String(), children: Type.Array(Self) }),
  { $id: 'CategoryNode' },
);

export const CategoryUpsert = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), parent: Type.Optional(Slug) },
  { additionalProperties: false },
);
export type CategoryUpsert = Static<typeof CategoryUpsert>;

/** A stock location's code (the default location when left out); see stock-locations.ts. */
const AtLocation = Type.Optional(Type.String({ pattern: '^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$' }));

export const RestockBody = Type.Object(
  { quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }), location: AtLocation },
  { additionalProperties: false },
);

export const StockLevel = Type.Object({
  sku: Sku,
  productId: Type.String(),
  title: Type.String(),
  available: Type.Integer(),
  reserved: Type.Integer(),
  lowStockThreshold: Type.Integer(),
});
export type StockLevel = Static<typeof StockLevel>;

/** Why an admin wrote stock up or down by hand. */
export const AdjustmentReason = Type.Union([
  Type.Literal('damaged'),
  Type.Literal('lost'),
  Type.Literal('recount'),
  Type.Literal('found'),
  Type.Literal('other'),
]);
export type AdjustmentReason = Static<typeof AdjustmentReason>;

const LedgerNote = Type.String({ minLength: 1, maxLength: 500 });

export const StockAdjustmentBody = Type.Object(
  {
    /** Units to add (positive) or write off (negative) from what is available; never zero. */
    quantity: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 }),
    reason: AdjustmentReason,
    note: Type.Optional(LedgerNote),
    location: AtLocation,
  },
  { additionalProperties: false },
);
export type StockAdjustmentBody = Static<typeof StockAdjustmentBody>;

export const StockCountBody = Type.Object(
  {
    /** The units counted that are free to sell; available becomes this, the difference is recorded. */
    counted: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    note: Type.Optional(LedgerNote),
    location: AtLocation,
  },
  { additionalProperties: false },
);
export type StockCountBody = Static<typeof StockCountBody>;

export const StockLedgerKind = Type.Union([
  Type.Literal('opening'),
  Type.Literal('initial'),
  Type.Literal('reservation'),
  Type.Literal('release'),
  Type.Literal('expiry'),
  Type.Literal('sale'),
  Type.Literal('return'),
  Type.Literal('restock'),
  Type.Literal('adjustment'),
  Type.Literal('count'),
  Type.Literal('removal'),
  /** Units moved between two locations: one entry out of one, one into the other. */
  Type.Literal('transfer'),
]);
export type StockLedgerKind = Static<typeof StockLedgerKind>;

/** One change of a SKU's stock, as the ledger keeps it (never changed afterwards). */
export const StockLedgerEntry = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  /** The stock location whose units moved. */
  location: Type.String(),
  kind: StockLedgerKind,
  availableDelta: Type.Integer(),
  reservedDelta: Type.Integer(),
  availableBefore: Type.Integer(),
  availableAfter: Type.Integer(),
  reservedBefore: Type.Integer(),
  reservedAfter: Type.Integer(),
  /** `admin:<user id>`, `order:<order id>` or `system`. */
  actor: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  /** The reservation (order id) the change belongs to, when it belongs to one. */
  reference: Type.Union([Type.String(), Type.Null()]),
  at: Type.String({ format: 'date-time' }),
});
export type StockLedgerEntry = Static<typeof StockLedgerEntry>;

export const StockLedgerPage = Type.Object({
  items: Type.Array(StockLedgerEntry),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type StockLedgerPage = Static<typeof StockLedgerPage>;

export const StockChangeResult = Type.Object({ level: StockLevel, entry: StockLedgerEntry });
export type StockChangeResult = Static<typeof StockChangeResult>;

// Internal API (services/product/README.md, "Internal"): what the order service calls.
export const ReservationId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });

export const InternalVariant = Type.Object({
  sku: Sku,
  productId: Type.String(),
  slug: Type.String(),
  title: Type.String(),
  variantTitle: Type.String(),
  /** One per currency the variant is sold in. */
  prices: Type.Array(Money),
  taxClass: TaxClass,
  weightGrams: Type.Integer(),
  available: Type.Integer(),
  status: ProductStatus,
  image: Type.Optional(Type.String()),
});
export type InternalVariant = Static<typeof InternalVariant>;

export const ReservationLine = Type.Object(
  { sku: Sku, quantity: Type.Integer({ minimum: 1, maximum: 10_000 }) },
  { additionalProperties: false },
);
export type ReservationLine = Static<typeof ReservationLine>;

export const ReservationRequest = Type.Object(
  {
    lines: Type.Array(ReservationLine, { minItems: 1, maxItems: 100 }),
    ttlSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })),
    /** The shipping country: only locations that ship there are used, ones in it first. */
    shipTo: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
  },
  { additionalProperties: false },
);
export type ReservationRequest = Static<typeof ReservationRequest>;

export const UnavailableLine = Type.Object({
  sku: Type.String(),
  requested: Type.Integer(),
  available: Type.Integer(),
});
export type UnavailableLine = Static<typeof UnavailableLine>;
