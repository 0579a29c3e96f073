// Builds the stored product from an admin's input: checks what a schema can't (known category,
// unique SKUs, known currencies each priced once), resolves the category path and derives the search fields.
import { isSupportedCurrency, SUPPORTED_CURRENCIES } from '@emporium/contracts/currencies';
import type { ProductCreate, ProductStatus, VariantInput } from '@emporium/contracts/product';
import { type FieldError, problems } from '@emporium/platform';
import type { ProductImage } from '../media/media-json.js';
import type { Category, ProductRecord, VariantRecord } from '../repositories/catalog-store.js';
import { lowestPrices } from '../repositories/stored-record.js';
import { tokenize } from '../search/tokens.js';

export const DEFAULT_LOW_STOCK_THRESHOLD = 5;

export interface ProductFields {
  slug: string;
  title: string;
  description: string;
  brand: string;
  images: string[];
  /** Uploaded images; only the upload route adds to them, an edit keeps them. */
  media?: ProductImage[];
  category: string;
  attributes: Record<string, string>;
  variants: VariantInput[];
  status: ProductStatus;
}

export function fieldsFromCreate(input: ProductCreate): ProductFields {
  return {
    ...input,
    description: input.description ?? '',
    images: input.images ?? [],
    attributes: input.attributes ?? {},
    status: input.status ?? 'draft',
  };
}

/** Root-first slugs from the top of the tree down to `slug`. */
export function categoryPath(categories: Map<string, Category>, slug: string): string[] | undefined {
  const path: string[] = [];
  let current = categories.get(slug);
  while (current && path.length < 20) {
    path.unshift(current.slug);
    current = current.parent ? categories.get(current.parent) : undefined;
  }
  return path.length > 0 ? path : undefined;
}

/** Each price in a currency the shop knows (its minor unit is defined), and once per currency. */
function priceErrors(variants: VariantInput[]): FieldError[] {
  return variants.flatMap((variant, v) => {
    const seen = new Set<string>();
    return variant.prices.flatMap(({ currency }, p) => {
      const field = `body.variants.${v}.prices.${p}.currency`;
      if (!isSupportedCurrency(currency)) {
        return [
          { field, message: `${currency} is not a supported currency (${SUPPORTED_CURRENCIES.join(', ')})` },
        ];
      }
      if (seen.has(currency)) return [{ field, message: `repeats ${currency}: one price per currency` }];
      seen.add(currency);
      return [];
    });
  });
}

export function buildProductRecord(
  fields: ProductFields,
  categories: Map<string, Category>,
  identity: { id: string; version: number; createdAt: string; updatedAt: string },
): ProductRecord {
  const errors: FieldError[] = [];
  const path = categoryPath(categories, fields.category);
  if (!path) errors.push({ field: 'body.category', message: 'is not a known category' });
  const skus = fields.variants.map((variant) => variant.sku);
  if (new Set(skus).size !== skus.length) errors.push({ field: 'body.variants', message: 'repeat a SKU' });
  errors.push(...priceErrors(fields.variants));
  if (errors.length > 0) throw problems.validation(errors);
  const variants: VariantRecord[] = fields.variants.map((variant) => ({
    sku: variant.sku,
    title: variant.title,
    options: variant.options ?? {},
    prices: variant.prices,
    taxClass: variant.taxClass ?? 'standard',
    weightGrams: variant.weightGrams ?? 0,
    lowStockThreshold: variant.lowStockThreshold ?? DEFAULT_LOW_STOCK_THRESHOLD,
  }));
  const attributes = Object.fromEntries(Object.entries(fields.attributes).map(([k, v]) => [k, v.trim()]));
  return {
    ...identity,
    slug: fields.slug,
    title: fields.title,
    description: fields.description,
    brand: fields.brand,
    images: fields.images,
    media: fields.media ?? [],
    category: fields.category,
    categoryPath: path!,
    attributes,
    variants,
    status: fields.status,
    searchTokens: tokenize(fields.title, fields.brand, fields.description),
    titleTokens: tokenize(fields.title),
    attributeTokens: Object.entries(attributes).map(([k, v]) => `${k}=${v.toLowerCase()}`),
    priceMin: lowestPrices(variants),
  };
}
