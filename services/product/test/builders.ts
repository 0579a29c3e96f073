// Builders for tests: a product record ready to store, with one or more variants.
import { buildProductRecord, type ProductFields } from '../src/catalog/product-record.js';
import type { Category } from '../src/repositories/catalog-store.js';

export const testCategories: Category[] = [
  { slug: 'apparel', name: 'Apparel', parent: null },
  { slug: 'tops', name: 'Tops', parent: 'apparel' },
];

let counter = 0;

export function productFields(overrides: Partial<ProductFields> = {}): ProductFields {
  counter += 1;
  const n = `${Date.now().toString(36)}${counter}`;
  return {
    slug: `linen-shirt-${n}`,
    title: 'Linen Shirt',
    description: 'A breathable linen shirt.',
    brand: 'Northwind',
    images: [],
    category: 'tops',
    attributes: { colour: 'red', material: 'linen' },
    variants: [
      {
        sku: `SHIRT-${n}-M`,
        title: 'M',
        options: { size: 'M' },
        prices: [{ amount: 4999, currency: 'USD' }],
      },
    ],
    status: 'active',
    ...overrides,
  };
}

export function productRecord(overrides: Partial<ProductFields> = {}, id = `p-${Date.now()}-${counter + 1}`) {
  const at = new Date().toISOString();
  return buildProductRecord(
    productFields(overrides),
    new Map(testCategories.map((category) => [category.slug, category])),
    { id, version: 1, createdAt: at, updatedAt: at },
  );
}
