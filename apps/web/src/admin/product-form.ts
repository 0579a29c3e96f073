// The product editor's form model: text fields as typed, turned into the product service's
// create/patch bodies (prices to minor units by each currency's exponent: 1500 yen is 1500, 24.99
// euros 2499; "name=value" lines to attribute maps) after checks.
import type { Money, Product, ProductCreate, ProductPatch, VariantInput } from '@emporium/api-client';
import { compact, type FieldErrors } from '../components/form';
import { digitsOf, fromMinorUnits, priceHint, toMinorUnits } from '../components/money-input';

export interface VariantDraft {
  sku: string;
  title: string;
  options: string;
  price: string;
  /** Prices in the other currencies it is sold in, "EUR=46.99, GBP=39.99". */
  otherPrices: string;
  taxClass: 'standard' | 'reduced' | 'zero';
  weightGrams: string;
  stock: string;
  lowStockThreshold: string;
  /** Saved already: its SKU is permanent and its stock moves through restock only. */
  existing: boolean;
}

export interface ProductDraft {
  title: string;
  slug: string;
  brand: string;
  category: string;
  description: string;
  images: string;
  attributes: string;
  status: 'draft' | 'active' | 'archived';
  currency: string;
  variants: VariantDraft[];
}

export const emptyVariant = (): VariantDraft => ({
  sku: '',
  title: '',
  options: '',
  price: '',
  otherPrices: '',
  taxClass: 'standard',
  weightGrams: '0',
  stock: '0',
  lowStockThreshold: '3',
  existing: false,
});

export function emptyDraft(): ProductDraft {
  return {
    title: '',
    slug: '',
    brand: '',
    category: '',
    description: '',
    images: '',
    attributes: '',
    status: 'active',
    currency: 'USD',
    variants: [emptyVariant()],
  };
}

const pairs = (record: Record<string, string>) =>
  Object.entries(record)
    .map(([name, value]) => `${name}=${value}`)
    .join('\n');

export function draftOf(product: Product): ProductDraft {
  // The main price column is in the first variant's first currency; the others sit beside it.
  const currency = product.variants[0]?.prices[0]?.currency ?? 'USD';
  return {
    title: product.title,
    slug: product.slug,
    brand: product.brand,
    category: product.category,
    description: product.description,
    images: product.images.join('\n'),
    attributes: pairs(product.attributes),
    status: product.status,
    currency,
    variants: product.variants.map((variant) => ({
      sku: variant.sku,
      title: variant.title,
      options: Object.entries(variant.options)
        .map(([name, value]) => `${name}=${value}`)
        .join(', '),
      price: fromMinorUnits(
        variant.prices.find((p) => p.currency === currency)?.amount ?? 0,
        digitsOf(currency),
      ),
      otherPrices: variant.prices
        .filter((p) => p.currency !== currency)
        .map((p) => `${p.currency}=${fromMinorUnits(p.amount, digitsOf(p.currency))}`)
        .join(', '),
      taxClass: variant.taxClass,
      weightGrams: String(variant.weightGrams),
      stock: String(variant.available),
      lowStockThreshold: String(variant.lowStockThreshold),
      existing: true,
    })),
  };
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
}

const NAME = /^[a-z][a-z0-9_]{0,39}$/;

/** "colour=red\nmaterial=wool" (or comma-separated) → a map; undefined when a line is malformed. */
export function parsePairs(text: string): Record<string, string> | undefined {
  const record: Record<string, string> = {};
  for (const part of text
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, ...rest] = part.split('=');
    const value = rest.join('=').trim();
    if (!name || !NAME.test(name.trim()) || !value) return undefined;
    record[name.trim()] = value;
  }
  return record;
}

/**
 * "EUR=46.99, JPY=7500" → prices in minor units by each currency's exponent; or why not, naming
 * the pair: malformed, the main currency again, a currency twice, or more decimals than it has.
 */
export function parseOtherPrices(
  text: string,
  mainCurrency: string,
): { prices: Money[] } | { problem: string } {
  const prices: Money[] = [];
  for (const part of text
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [code = '', amount = ''] = part.split('=').map((s) => s.trim());
    const currency = code.toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency) || !amount) {
      return { problem: 'Write CUR=price pairs in other currencies, e.g. EUR=46.99, GBP=39.99.' };
    }
    if (currency === mainCurrency || prices.some((p) => p.currency === currency)) {
      return { problem: `${currency} is priced twice; give each currency one price.` };
    }
    const minor = toMinorUnits(amount, digitsOf(currency));
    if (minor === undefined || minor <= 0)
      return { problem: priceHint(`The price in ${currency}`, currency) };
    prices.push({ amount: minor, currency });
  }
  return { prices };
}

export function validateDraft(draft: ProductDraft, creating: boolean): FieldErrors {
  const errors: Record<string, string | undefined> = {
    currency: /^[A-Z]{3}$/.test(draft.currency) ? undefined : 'Enter a three-letter currency code, e.g. EUR.',
    title: draft.title.trim() ? undefined : 'Enter a title.',
    slug:
      !creating || /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(draft.slug)
        ? undefined
        : 'Use lowercase letters, digits and dashes.',
    brand: draft.brand.trim() ? undefined : 'Enter the brand.',
    category: draft.category ? undefined : 'Choose a category.',
    attributes: parsePairs(draft.attributes)
      ? undefined
      : 'Write one name=value per line; names are lowercase words.',
    images: draft.images
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .every((url) => /^(https?:\/\/|\/|data:image\/)\S*$/.test(url))
      ? undefined
      : 'One image address per line (https://…, /path or data:image/…).',
  };
  const skus = new Set<string>();
  draft.variants.forEach((variant, index) => {
    const at = `variants.${index}`;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(variant.sku))
      errors[`${at}.sku`] = 'Letters, digits, dot, dash or underscore.';
    else if (skus.has(variant.sku)) errors[`${at}.sku`] = 'Each variant needs its own SKU.';
    skus.add(variant.sku);
    if (!variant.title.trim()) errors[`${at}.title`] = 'Name the variant, e.g. M or Red / M.';
    if (!parsePairs(variant.options))
      errors[`${at}.options`] = 'Write name=value pairs, e.g. size=M, colour=red.';
    const price = toMinorUnits(variant.price, digitsOf(draft.currency));
    if (price === undefined || price <= 0)
      errors[`${at}.price`] = priceHint(`The price in ${draft.currency}`, draft.currency);
    const others = parseOtherPrices(variant.otherPrices, draft.currency);
    if ('problem' in others) errors[`${at}.otherPrices`] = others.problem;
    if (!/^\d+$/.test(variant.weightGrams)) errors[`${at}.weightGrams`] = 'Enter grams as a whole number.';
    if (!variant.existing && !/^\d+$/.test(variant.stock)) errors[`${at}.stock`] = 'Enter a whole number.';
    if (!/^\d+$/.test(variant.lowStockThreshold)) errors[`${at}.lowStockThreshold`] = 'Enter a whole number.';
  });
  return compact(errors);
}

function otherPricesOf(variant: VariantDraft, mainCurrency: string): Money[] {
  const others = parseOtherPrices(variant.otherPrices, mainCurrency);
  return 'prices' in others ? others.prices : [];
}

function variantsOf(draft: ProductDraft): VariantInput[] {
  return draft.variants.map((variant) => ({
    sku: variant.sku,
    title: variant.title.trim(),
    options: parsePairs(variant.options) ?? {},
    prices: [
      { amount: toMinorUnits(variant.price, digitsOf(draft.currency)) ?? 0, currency: draft.currency },
      ...otherPricesOf(variant, draft.currency),
    ],
    taxClass: variant.taxClass,
    weightGrams: Number(variant.weightGrams),
    ...(variant.existing ? {} : { stock: Number(variant.stock) }),
    lowStockThreshold: Number(variant.lowStockThreshold),
  }));
}

const imagesOf = (draft: ProductDraft) =>
  draft.images
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

export function toCreate(draft: ProductDraft): ProductCreate {
  return {
    slug: draft.slug,
    title: draft.title.trim(),
    brand: draft.brand.trim(),
    category: draft.category,
    description: draft.description.trim(),
    images: imagesOf(draft),
    attributes: parsePairs(draft.attributes) ?? {},
    status: draft.status,
    variants: variantsOf(draft),
  };
}

export function toPatch(draft: ProductDraft, version: number): ProductPatch {
  const { slug: _permanent, ...fields } = toCreate(draft);
  return { ...fields, version };
}
