// A product read in full (product page) shown as a card on a shelf.
import type { Product } from '@emporium/api-client';
import type { CardProduct } from '../components/ProductCard';

export function cardOf(product: Product): CardProduct {
  const prices = product.variants.flatMap((variant) => (variant.price ? [variant.price] : []));
  // A card shows the lowest price the product sells from, like the listing does.
  const from = prices.reduce<(typeof prices)[number] | null>(
    (lowest, price) => (lowest && lowest.amount <= price.amount ? lowest : price),
    null,
  );
  const media = product.media[0];
  return {
    slug: product.slug,
    title: product.title,
    brand: product.brand,
    image: product.images[0] ?? null,
    media: media ?? null,
    price: from,
    inStock: product.variants.some((variant) => variant.available > 0),
    rating: product.rating ?? null,
  };
}
