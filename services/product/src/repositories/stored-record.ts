// Product documents as both adapters read them back. Documents written before variants carried
// prices per currency hold one `price` per variant and a single lowest `priceMin` with its
// `currency`; they read as that one price, tax class standard and no weight, so old catalogs keep
// selling in their currency without a rewrite. The next edit stores the current shape.
import type { Money } from '@emporium/contracts';
import type { ProductRecord, VariantRecord } from './catalog-store.js';

type LegacyVariant = Omit<VariantRecord, 'prices' | 'taxClass' | 'weightGrams'> &
  Partial<VariantRecord> & { price?: Money };
type StoredRecord = Omit<ProductRecord, 'variants' | 'priceMin'> & {
  variants: LegacyVariant[];
  priceMin: ProductRecord['priceMin'] | number;
  currency?: string;
};

function variantOf({ price, ...variant }: LegacyVariant): VariantRecord {
  return {
    ...variant,
    prices: variant.prices ?? (price ? [price] : []),
    taxClass: variant.taxClass ?? 'standard',
    weightGrams: variant.weightGrams ?? 0,
  };
}

export function lowestPrices(variants: VariantRecord[]): Record<string, number> {
  const lowest: Record<string, number> = {};
  for (const variant of variants) {
    for (const { currency, amount } of variant.prices) {
      lowest[currency] = Math.min(lowest[currency] ?? amount, amount);
    }
  }
  return lowest;
}

export function fromStored(stored: StoredRecord): ProductRecord {
  if (typeof stored.priceMin === 'object' && stored.variants.every((variant) => variant.prices)) {
    return stored as ProductRecord;
  }
  const { currency: _currency, ...rest } = stored;
  const variants = stored.variants.map(variantOf);
  return { ...rest, variants, priceMin: lowestPrices(variants) };
}
