// Shelves under a product: more from its category, and what this shopper looked at before. Both
// read through the same cached queries as the listing and product pages, so a shopper moving
// between products mostly reads from memory.
import { useQueries, useQuery } from '@tanstack/react-query';
import { useApi } from '../app/api-context';
import { ProductGrid } from '../components/ProductCard';
import { useRegion } from '../region/region-context';
import { cardOf } from './card-product';
import { cardsOf } from './listing-cards';
import { useRecentlyViewed } from './recently-viewed';

const SHELF_SIZE = 4;

export function RelatedProducts({ slug, category }: { slug: string; category: string | undefined }) {
  const api = useApi();
  const { currency } = useRegion();
  const related = useQuery({
    queryKey: ['catalog', 'listing', { category, limit: SHELF_SIZE + 1, currency }],
    queryFn: ({ signal }) => api.catalog.search({ category, limit: SHELF_SIZE + 1, currency }, signal),
    enabled: Boolean(category),
    staleTime: 60_000,
  });
  const products = (related.data ? cardsOf(related.data) : [])
    .filter((item) => item.slug !== slug)
    .slice(0, SHELF_SIZE);
  if (products.length === 0) return null;
  return (
    <section className="shelf" aria-labelledby="related-products">
      <div className="shelf-head">
        <h2 id="related-products">You may also like</h2>
      </div>
      <ProductGrid products={products} />
    </section>
  );
}

export function RecentlyViewed({ exclude }: { exclude?: string }) {
  const api = useApi();
  const { currency } = useRegion();
  const slugs = useRecentlyViewed()
    .filter((slug) => slug !== exclude)
    .slice(0, SHELF_SIZE);
  const reads = useQueries({
    queries: slugs.map((slug) => ({
      queryKey: ['catalog', 'product', slug, currency],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.catalog.product(slug, signal, currency),
      staleTime: 60_000,
      // A product since removed answers 404: it just drops off the shelf.
      retry: false,
    })),
  });
  const products = reads.flatMap((read) =>
    read.data && read.data.status === 'active' ? [cardOf(read.data)] : [],
  );
  if (products.length === 0) return null;
  return (
    <section className="shelf" aria-labelledby="recently-viewed">
      <div className="shelf-head">
        <h2 id="recently-viewed">Recently viewed</h2>
      </div>
      <ProductGrid products={products} />
    </section>
  );
}
