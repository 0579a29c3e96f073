// Home: a short welcome, the top categories, and a shelf of products per category — read in one
// GraphQL request instead of one REST call per shelf.
import { type HomeData, homeQuery } from '@emporium/api-client';
import { useQuery } from '@tanstack/react-query';
import { useDeferredValue } from 'react';
import { Link } from 'react-router';
import { useApi } from '../../app/api-context';
import { useTitle } from '../../app/use-title';
import { RecentlyViewed } from '../../catalog/ProductShelves';
import { ProductGrid } from '../../components/ProductCard';
import { Empty, ErrorState, Loading } from '../../components/states';
import { useRegion } from '../../region/region-context';

export function HomePage() {
  const api = useApi();
  const { currency } = useRegion();
  useTitle('Home');
  const home = useQuery({
    queryKey: ['catalog', 'home', currency],
    queryFn: ({ signal }) => api.graphql<HomeData>(homeQuery, { currency }, signal),
    staleTime: 60_000,
  });
  // The shelves are the page's heaviest render; deferred, React renders them in slices that yield
  // to the browser instead of one long task the moment the answer arrives (the query library's
  // own update is urgent and cannot be sliced).
  const data = useDeferredValue(home.data);

  return (
    <>
      <section className="hero">
        <h1>Good things, well made.</h1>
        <p>
          Apparel, electronics, footwear, home and outdoor gear, chosen to last and priced in your currency.
        </p>
      </section>

      {home.isLoading || (home.data && !data) ? <Loading label="Loading the shop…" /> : null}
      {home.error ? <ErrorState error={home.error} onRetry={() => home.refetch()} /> : null}
      {data && data.categories.length === 0 ? (
        <Empty title="The shop is being stocked">
          <p>Come back soon.</p>
        </Empty>
      ) : null}

      {data ? (
        <>
          <section aria-labelledby="featured-categories">
            <h2 id="featured-categories">Shop by category</h2>
            <ul className="category-tiles">
              {data.categories.map((category) => (
                <li key={category.slug}>
                  <Link to={`/c/${category.slug}`} className="category-tile">
                    <span className="category-tile-name">{category.name}</span>
                    <span className="category-tile-sub">
                      {category.children.map((c) => c.name).join(' · ')}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
          {data.categories
            .filter((category) => category.products.length > 0)
            .map((category, index) => (
              <section key={category.slug} className="shelf" aria-labelledby={`shelf-${category.slug}`}>
                <div className="shelf-head">
                  <h2 id={`shelf-${category.slug}`}>New in {category.name}</h2>
                  <Link to={`/c/${category.slug}`}>
                    See all<span className="visually-hidden"> in {category.name}</span>
                  </Link>
                </div>
                <ProductGrid products={category.products} eagerCount={index === 0 ? 4 : 0} />
              </section>
            ))}
          <RecentlyViewed />
        </>
      ) : null}
    </>
  );
}
