// The demo catalog: a category tree and a few hundred products generated deterministically
// (same input, same catalog), each with variants, prices, stock and illustrations. Books carry
// the `reduced` tax class and the gift card `zero`, so the demo shop shows every class's rates.

import type { TaxClass } from '@emporium/contracts/pricing';
import { buildProductRecord, type ProductFields } from '../catalog/product-record.js';
import type { ProductImage } from '../media/media-json.js';
import type { MediaLibrary, StoredImage } from '../media/media-library.js';
import type { CatalogStore, Category } from '../repositories/catalog-store.js';
import { seedContentPages } from './content-pages.js';
import { demoPrices } from './demo-prices.js';
import {
  colourIllustration,
  type Illustration,
  lineIllustration,
  storeIllustrations,
} from './illustrations.js';

const CATEGORIES: Category[] = [
  { slug: 'apparel', name: 'Apparel', parent: null },
  { slug: 'tops', name: 'Tops', parent: 'apparel' },
  { slug: 'bottoms', name: 'Bottoms', parent: 'apparel' },
  { slug: 'outerwear', name: 'Outerwear', parent: 'apparel' },
  { slug: 'footwear', name: 'Footwear', parent: null },
  { slug: 'sneakers', name: 'Sneakers', parent: 'footwear' },
  { slug: 'boots', name: 'Boots', parent: 'footwear' },
  { slug: 'home', name: 'Home', parent: null },
  { slug: 'kitchen', name: 'Kitchen', parent: 'home' },
  { slug: 'decor', name: 'Decor', parent: 'home' },
  { slug: 'bedding', name: 'Bedding', parent: 'home' },
  { slug: 'electronics', name: 'Electronics', parent: null },
  { slug: 'audio', name: 'Audio', parent: 'electronics' },
  { slug: 'accessories', name: 'Accessories', parent: 'electronics' },
  { slug: 'outdoor', name: 'Outdoor', parent: null },
  { slug: 'camping', name: 'Camping', parent: 'outdoor' },
  { slug: 'cycling', name: 'Cycling', parent: 'outdoor' },
  { slug: 'books', name: 'Books', parent: null },
  { slug: 'gift-cards', name: 'Gift cards', parent: null },
];

interface Line {
  category: string;
  nouns: string[];
  materials: string[];
  /** The option each variant differs by, and its values. */
  option: [string, string[]];
  priceRange: [number, number];
  /** One unit's shipping weight; capacity variants (bigger tents) add a quarter each. */
  weightGrams: number;
  /** What each next option value adds to the price (a bigger tent, a hardcover). */
  priceStep?: number;
  /** The tax class of every variant; `standard` when not given. */
  taxClass?: TaxClass;
}

const LINES: Line[] = [
  {
    category: 'tops',
    nouns: ['T-Shirt', 'Polo', 'Hoodie', 'Sweater', 'Shirt'],
    materials: ['cotton', 'linen', 'merino', 'organic cotton'],
    option: ['size', ['S', 'M', 'L', 'XL']],
    priceRange: [1500, 8900],
    weightGrams: 250,
  },
  {
    category: 'bottoms',
    nouns: ['Jeans', 'Chinos', 'Shorts', 'Joggers'],
    materials: ['denim', 'cotton', 'twill'],
    option: ['size', ['28', '30', '32', '34', '36']],
    priceRange: [2500, 11900],
    weightGrams: 600,
  },
  {
    category: 'outerwear',
    nouns: ['Jacket', 'Parka', 'Raincoat', 'Vest'],
    materials: ['nylon', 'wool', 'down', 'waxed cotton'],
    option: ['size', ['S', 'M', 'L', 'XL']],
    priceRange: [5900, 29900],
    weightGrams: 1200,
  },
  {
    category: 'sneakers',
    nouns: ['Runner', 'Court Sneaker', 'Trail Shoe', 'Slip-On'],
    materials: ['mesh', 'leather', 'canvas', 'suede'],
    option: ['size', ['39', '40', '41', '42', '43', '44']],
    priceRange: [4900, 18900],
    weightGrams: 900,
  },
  {
    category: 'boots',
    nouns: ['Chelsea Boot', 'Hiking Boot', 'Work Boot'],
    materials: ['leather', 'suede', 'rubber'],
    option: ['size', ['39', '40', '41', '42', '43', '44']],
    priceRange: [8900, 25900],
    weightGrams: 1600,
  },
  {
    category: 'kitchen',
    nouns: ['Chef Knife', 'Skillet', 'Mug Set', 'Cutting Board', 'Kettle'],
    materials: ['steel', 'cast iron', 'ceramic', 'oak'],
    option: ['finish', ['natural', 'black']],
    priceRange: [1200, 15900],
    weightGrams: 1100,
  },
  {
    category: 'decor',
    nouns: ['Vase', 'Lamp', 'Wall Print', 'Candle'],
    materials: ['glass', 'ceramic', 'paper', 'soy wax'],
    option: ['size', ['small', 'large']],
    priceRange: [900, 12900],
    weightGrams: 800,
  },
  {
    category: 'bedding',
    nouns: ['Duvet Cover', 'Pillowcase Pair', 'Throw Blanket', 'Sheet Set'],
    materials: ['linen', 'percale', 'sateen', 'wool'],
    option: ['size', ['single', 'double', 'king']],
    priceRange: [2900, 18900],
    weightGrams: 1500,
  },
  {
    category: 'audio',
    nouns: ['Headphones', 'Earbuds', 'Speaker', 'Turntable'],
    materials: ['aluminium', 'plastic', 'walnut'],
    option: ['colour', ['black', 'white', 'sand']],
    priceRange: [3900, 39900],
    weightGrams: 700,
  },
  {
    category: 'accessories',
    nouns: ['Phone Case', 'Charger', 'Cable', 'Laptop Sleeve'],
    materials: ['silicone', 'leather', 'nylon', 'felt'],
    option: ['colour', ['black', 'blue', 'olive']],
    priceRange: [900, 6900],
    weightGrams: 150,
  },
  {
    category: 'camping',
    nouns: ['Tent', 'Sleeping Bag', 'Camp Stove', 'Headlamp', 'Backpack'],
    materials: ['ripstop nylon', 'polyester', 'titanium'],
    option: ['capacity', ['1p', '2p', '3p']],
    priceRange: [2500, 49900],
    weightGrams: 2400,
    priceStep: 2000,
  },
  {
    category: 'cycling',
    nouns: ['Helmet', 'Bike Light', 'Jersey', 'Saddle Bag'],
    materials: ['polycarbonate', 'aluminium', 'lycra'],
    option: ['size', ['S', 'M', 'L']],
    priceRange: [1900, 17900],
    weightGrams: 500,
  },
  // Last, so the lines above draw the same numbers and keep their products.
  {
    category: 'books',
    nouns: ['Cookbook', 'Field Guide', 'Novel', 'Atlas'],
    materials: ['recycled paper', 'cloth-bound paper'],
    option: ['format', ['paperback', 'hardcover']],
    priceRange: [1200, 3900],
    weightGrams: 600,
    priceStep: 1000,
    taxClass: 'reduced',
  },
];

const ADJECTIVES = [
  'Classic',
  'Everyday',
  'Urban',
  'Alpine',
  'Coastal',
  'Heritage',
  'Studio',
  'Nordic',
  'Summit',
  'Essential',
  'Weekend',
  'Field',
];
const BRANDS = ['Northwind', 'Kestrel', 'Oak & Ash', 'Lumen', 'Tidewater', 'Ferro', 'Marlow', 'Basalt'];
const COLOURS = ['black', 'white', 'navy', 'olive', 'grey', 'red', 'sand', 'blue'];
/** Each line's illustration hue, one per line (LINES order). */
const LINE_HUES = [210, 20, 160, 265, 30, 5, 330, 190, 230, 90, 120, 45, 280];

/** Park–Miller: deterministic pseudo-random numbers so every seed builds the same catalog. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

const slugify = (text: string) =>
  text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export interface DemoProduct {
  fields: ProductFields;
  stock: Record<string, number>;
  /** The product's picture, and each variant's own where variants differ by colour. */
  illustrations: { product: Illustration; variants: Record<string, Illustration> };
}

export function demoProducts(perLine = 30): DemoProduct[] {
  const next = random(20_240_601);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
  const products: DemoProduct[] = [];
  LINES.forEach((line, lineIndex) => {
    for (let i = 0; i < perLine; i++) {
      const noun = line.nouns[i % line.nouns.length]!;
      const adjective = ADJECTIVES[(i + lineIndex) % ADJECTIVES.length]!;
      const brand = pick(BRANDS);
      const material = pick(line.materials);
      const colour = pick(COLOURS);
      const title = `${adjective} ${noun}`;
      const slug = slugify(`${brand} ${title} ${colour} ${lineIndex}-${i}`);
      const [low, high] = line.priceRange;
      const base = Math.round((low + next() * (high - low)) / 100) * 100 - 1;
      const [optionName, optionValues] = line.option;
      const code = `${line.category.slice(0, 3).toUpperCase()}-${lineIndex}${String(i).padStart(3, '0')}`;
      const variants = optionValues.map((value, v) => ({
        sku: `${code}-${slugify(value).toUpperCase()}`,
        title: `${value}`,
        options: { [optionName]: value },
        prices: demoPrices(base + v * (line.priceStep ?? 0)),
        weightGrams: line.weightGrams + v * (optionName === 'capacity' ? line.weightGrams / 4 : 0),
        lowStockThreshold: 3,
        ...(line.taxClass && { taxClass: line.taxClass }),
      }));
      // Drawn though unused: the stock figures below come from the numbers after it.
      next();
      const variantIllustrations = Object.fromEntries(
        variants.flatMap((variant) => {
          const illustration = colourIllustration(noun, variant.options[optionName]!);
          return illustration ? [[variant.sku, illustration]] : [];
        }),
      );
      products.push({
        fields: {
          slug,
          title,
          description: `A ${colour} ${noun.toLowerCase()} by ${brand}, made of ${material}. ${adjective} styling built to last, with care instructions on the label.`,
          brand,
          images: [],
          category: line.category,
          attributes: { colour, material },
          variants,
          status: 'active',
        },
        // Some variants start sold out so the in-stock filter has something to do.
        stock: Object.fromEntries(
          variants.map((variant) => [variant.sku, next() < 0.1 ? 0 : Math.floor(next() * 60)]),
        ),
        illustrations: {
          // Colour variants' products show the colour their description names (else their first),
          // so no extra picture is rendered.
          product:
            variantIllustrations[
              variants.find((variant) => variant.options[optionName] === colour)?.sku ?? ''
            ] ??
            variantIllustrations[variants[0]!.sku] ??
            lineIllustration(noun, LINE_HUES[lineIndex]!),
          variants: variantIllustrations,
        },
      });
    }
  });
  products.push(giftCard());
  return products;
}

/**
 * The gift card: its face value in each currency, not converted, and zero-rated, because a card
 * that buys anything in the shop is taxed when it is spent, not when it is sold.
 */
function giftCard(): DemoProduct {
  const values = [25, 50, 100];
  const variants = values.map((value) => ({
    sku: `GIFT-${value}`,
    title: `${value}`,
    options: { value: `${value}` },
    prices: ['USD', 'EUR', 'GBP'].map((currency) => ({ amount: value * 100, currency })),
    weightGrams: 20,
    lowStockThreshold: 3,
    taxClass: 'zero' as const,
  }));
  return {
    fields: {
      slug: 'emporium-gift-card',
      title: 'Gift Card',
      description: 'A gift card for anything in the shop, sent in a card-stock envelope.',
      brand: 'Emporium',
      images: [],
      category: 'gift-cards',
      attributes: { material: 'card stock' },
      variants,
      status: 'active',
    },
    stock: Object.fromEntries(variants.map((variant) => [variant.sku, 500])),
    illustrations: { product: lineIllustration('Gift Card', 350), variants: {} },
  };
}

function demoImages(product: DemoProduct, stored: DemoPictures): ProductImage[] {
  const { title, variants } = product.fields;
  const image = (illustration: Illustration, alt: string, sku?: string): ProductImage => ({
    ...stored.get(illustration.key)!,
    alt,
    ...(sku ? { sku } : {}),
  });
  return [
    image(product.illustrations.product, `Illustration of the ${title}`),
    ...variants.flatMap((variant) => {
      const own = product.illustrations.variants[variant.sku];
      return own ? [image(own, `Illustration of the ${title} in ${variant.title}`, variant.sku)] : [];
    }),
  ];
}

/** The demo catalog's pictures as stored, by illustration key. */
export type DemoPictures = Map<string, StoredImage>;

/**
 * Renders the pictures of the demo catalog of `perLine` products a line (a few dozen distinct
 * ones, shared) and stores them through the media library. Most of a first seed's time goes here,
 * on the image library's threads, so a caller may start it early and hand the result to
 * seedDemoCatalog.
 */
export function storeDemoPictures(media: MediaLibrary, perLine = 30): Promise<DemoPictures> {
  return storeIllustrations(
    media,
    demoProducts(perLine).flatMap((product) => [
      product.illustrations.product,
      ...Object.values(product.illustrations.variants),
    ]),
  );
}

/**
 * Loads the demo catalog into an empty store; does nothing if it is already there. `pictures` is
 * asked for only when the store is empty (storeDemoPictures of the same `perLine`); without it
 * (benchmarks) products have no pictures.
 */
export async function seedDemoCatalog(
  store: CatalogStore,
  pictures?: () => Promise<DemoPictures>,
  perLine = 30,
): Promise<number> {
  await seedContentPages(store.pages);
  const products = demoProducts(perLine);
  if (await store.products.findBySlug(products[0]!.fields.slug)) return 0;
  const stored = pictures ? await pictures() : undefined;
  for (const category of CATEGORIES) await store.products.upsertCategory(category);
  const categories = new Map(CATEGORIES.map((category) => [category.slug, category]));
  const start = Date.now() - products.length * 60_000;
  const records = products.map((product, i) =>
    buildProductRecord({ ...product.fields, media: stored ? demoImages(product, stored) : [] }, categories, {
      id: `demo-${String(i).padStart(4, '0')}`,
      version: 1,
      // Spread creation times so "newest" has an order worth showing.
      createdAt: new Date(start + i * 60_000).toISOString(),
      updatedAt: new Date(start + i * 60_000).toISOString(),
    }),
  );
  // A few inserts at a time: a network store answers sooner, an embedded one just queues them.
  let inserted = 0;
  for (let i = 0; i < records.length; i += 16) {
    const batch = records.slice(i, i + 16);
    await Promise.all(batch.map((record, j) => store.products.insert(record, products[i + j]!.stock, [])));
    inserted += batch.length;
  }
  return inserted;
}
