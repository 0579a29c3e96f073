// A small catalog for the fake gateway: a category tree, 25 shoes (two pages of 20) and one
// product with sized variants, one of them sold out.
import type { CategoryNode, Product, ProductSummary } from '@emporium/api-client';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const at = '2026-11-01T10:00:00.000Z';

export const categories: CategoryNode[] = [
  { slug: 'shoes', name: 'Shoes', children: [{ slug: 'running', name: 'Running', children: [] }] },
  { slug: 'bags', name: 'Bags', children: [] },
];

export const trailRunner: Product = {
  id: 'p-trail-runner',
  slug: 'trail-runner',
  title: 'Trail Runner',
  description: 'A light shoe for rough paths.',
  brand: 'Northwind',
  images: [],
  media: [],
  category: 'running',
  categoryPath: ['shoes', 'running'],
  attributes: {},
  status: 'active',
  version: 1,
  createdAt: at,
  updatedAt: at,
  variants: [
    {
      sku: 'TR-41',
      title: 'Size 41',
      options: { size: '41' },
      price: usd(8999),
      prices: [usd(8999)],
      taxClass: 'standard',
      weightGrams: 0,
      available: 5,
      lowStockThreshold: 2,
      media: [],
    },
    {
      sku: 'TR-42',
      title: 'Size 42',
      options: { size: '42' },
      price: usd(8999),
      prices: [usd(8999)],
      taxClass: 'standard',
      weightGrams: 0,
      available: 2,
      lowStockThreshold: 3,
      media: [],
    },
    {
      sku: 'TR-43',
      title: 'Size 43',
      options: { size: '43' },
      price: usd(9499),
      prices: [usd(9499)],
      taxClass: 'standard',
      weightGrams: 0,
      available: 0,
      lowStockThreshold: 2,
      media: [],
    },
  ],
};

export const canvasTote: Product = {
  ...trailRunner,
  id: 'p-canvas-tote',
  slug: 'canvas-tote',
  title: 'Canvas Tote',
  description: 'Carries the shopping.',
  brand: 'Harbor',
  category: 'bags',
  categoryPath: ['bags'],
  variants: [
    {
      sku: 'TOTE-1',
      title: 'Natural',
      options: {},
      price: usd(2500),
      prices: [usd(2500)],
      taxClass: 'standard',
      weightGrams: 0,
      available: 40,
      lowStockThreshold: 5,
      media: [],
    },
  ],
};

export const products: Product[] = [
  trailRunner,
  canvasTote,
  ...Array.from(
    { length: 23 },
    (_, i): Product => ({
      ...trailRunner,
      id: `p-road-${i + 1}`,
      slug: `road-shoe-${i + 1}`,
      title: `Road Shoe ${i + 1}`,
      category: 'running',
      variants: [
        {
          sku: `RS-${i + 1}`,
          title: 'One size',
          options: {},
          price: usd(5000 + i),
          prices: [usd(5000 + i)],
          taxClass: 'standard',
          weightGrams: 0,
          available: 3,
          lowStockThreshold: 1,
          media: [],
        },
      ],
    }),
  ),
];

/** A product as a listing item: an uploaded picture by reference (URLs come from the media base). */
export function summaryOf(product: Product): ProductSummary {
  const cheapest = [...product.variants].sort((a, b) => a.price!.amount - b.price!.amount)[0]!;
  const [picture] = product.media;
  return {
    id: product.id,
    slug: product.slug,
    title: product.title,
    brand: product.brand,
    ...(picture
      ? {
          media: {
            id: picture.id,
            width: picture.width,
            height: picture.height,
            fallback: picture.renditions.card.fallback.endsWith('.png') ? 'png' : 'jpg',
          },
        }
      : {}),
    category: product.category,
    price: cheapest.price,
    inStock: product.variants.some((variant) => variant.available > 0),
  };
}
