import type { Money } from '@emporium/api-client';
import { startTransition, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Price } from './Price';
import { type PictureSizes, ResponsiveImage } from './ResponsiveImage';
import { Stars } from './Stars';

// The card's width in each grid layout (styles: 2, 3 or 4 columns within --content-width).
const CARD_SIZES = '(min-width: 1200px) 300px, (min-width: 900px) 25vw, (min-width: 640px) 33vw, 50vw';

export interface CardProduct {
  slug: string;
  title: string;
  brand?: string | null;
  image?: string | null;
  /** An uploaded picture; `image` is a URL entered by hand, shown when there is none. */
  media?: PictureSizes | null;
  price: Money | null;
  inStock: boolean;
  /** Published reviews' average and count; absent before the first review. */
  rating?: { average: number; count: number } | null;
}

export function ProductCard({ product, eager = false }: { product: CardProduct; eager?: boolean }) {
  return (
    <li className="product-card">
      <Link to={`/p/${product.slug}`} className="product-card-link">
        <div className="product-card-image">
          {product.media ? (
            // The title beside it names the product: the picture adds nothing a reader needs.
            <ResponsiveImage image={product.media} sizes={CARD_SIZES} alt="" eager={eager} />
          ) : product.image ? (
            <img
              src={product.image}
              alt=""
              width={400}
              height={400}
              loading={eager ? 'eager' : 'lazy'}
              decoding="async"
            />
          ) : null}
        </div>
        <div className="product-card-body">
          {product.brand ? <span className="product-card-brand">{product.brand}</span> : null}
          <span className="product-card-title">{product.title}</span>
          {product.rating ? <Stars average={product.rating.average} count={product.rating.count} /> : null}
          <span className="product-card-meta">
            <Price money={product.price} />
            {product.inStock ? null : <span className="badge badge-muted">Sold out</span>}
          </span>
        </div>
      </Link>
    </li>
  );
}

/**
 * A grid of cards. With `firstBatch`, only that many cards are rendered with the page and the rest
 * in a transition after it: the first screen paints from a short task, and the cards below it are
 * rendered in slices React can interrupt, instead of one long task that holds up input.
 */
export function ProductGrid({
  products,
  eagerCount = 0,
  firstBatch,
}: {
  products: CardProduct[];
  eagerCount?: number;
  firstBatch?: number;
}) {
  const [shown, setShown] = useState(() => firstBatch ?? products.length);
  useEffect(() => {
    if (shown >= products.length) return;
    const timer = setTimeout(() => startTransition(() => setShown(products.length)), 0);
    return () => clearTimeout(timer);
  }, [shown, products.length]);
  return (
    <ul className="product-grid">
      {products.slice(0, shown).map((product, index) => (
        <ProductCard key={product.slug} product={product} eager={index < eagerCount} />
      ))}
    </ul>
  );
}
