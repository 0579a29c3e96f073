// A category page or the search results: filters (price, attributes, in stock) with facet counts,
// sort, and more results on demand. The search field updates the results as you type.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useApi } from '../../app/api-context';
import { useTitle } from '../../app/use-title';
import { cardsOf } from '../../catalog/listing-cards';
import { ProductGrid } from '../../components/ProductCard';
import { Empty, ErrorState, Loading } from '../../components/states';
import { useDebounced } from '../../layout/use-debounced';
import { useRegion } from '../../region/region-context';
import { FilterPanel } from './FilterPanel';
import { findCategory, queryFromUrl, SORTS } from './listing-filters';

const PAGE_SIZE = 24;

function SearchField() {
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const settled = useDebounced(text.trim(), 250);
  useEffect(() => {
    if (settled === (params.get('q') ?? '')) return;
    const next = new URLSearchParams(params);
    if (settled) next.set('q', settled);
    else next.delete('q');
    setParams(next, { replace: true });
  }, [settled, params, setParams]);
  return (
    <div className="field search-page-field">
      <label htmlFor="search-page-q">Search for</label>
      <input
        id="search-page-q"
        type="search"
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder="Try “parka” or “headphones”"
      />
    </div>
  );
}

export function ListingPage() {
  const api = useApi();
  const { currency } = useRegion();
  const { slug } = useParams();
  const [params, setParams] = useSearchParams();
  const query = queryFromUrl(params, slug);
  const searching = !slug;

  const categories = useQuery({
    queryKey: ['catalog', 'categories'],
    queryFn: ({ signal }) => api.catalog.categories(signal),
    staleTime: 5 * 60_000,
  });
  const category = slug && categories.data ? findCategory(categories.data, slug) : undefined;
  const heading = searching
    ? query.q
      ? `Results for “${query.q}”`
      : 'Search'
    : (category?.node.name ?? (categories.isLoading ? '' : 'Category'));
  useTitle(heading || undefined);

  const listing = useInfiniteQuery({
    queryKey: ['catalog', 'listing', query, currency],
    queryFn: ({ pageParam, signal }) =>
      api.catalog.search({ ...query, currency, limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !searching || Boolean(query.q),
    placeholderData: (previous) => previous,
  });
  // The grid is the page's heaviest render; deferred, React renders it in slices that yield to
  // the browser instead of one long task the moment the answer arrives.
  const data = useDeferredValue(listing.data);
  const first = data?.pages[0];
  const products = data?.pages.flatMap(cardsOf) ?? [];

  return (
    <div className="listing">
      <div className="listing-head">
        {category && category.path.length > 1 ? (
          <nav aria-label="Breadcrumb" className="breadcrumb">
            <ol>
              {category.path.slice(0, -1).map((node) => (
                <li key={node.slug}>
                  <Link to={`/c/${node.slug}`}>{node.name}</Link>
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        <h1>{heading}</h1>
        {searching ? <SearchField key={params.get('q') ?? ''} /> : null}
      </div>

      <div className="listing-body">
        <FilterPanel
          facets={first?.facets}
          subcategories={category?.node.children ?? []}
          currency={currency}
        />

        <section className="listing-results" aria-labelledby="results-count">
          <div className="results-bar">
            <p id="results-count" aria-live="polite">
              {first ? `${first.total} ${first.total === 1 ? 'product' : 'products'}` : ''}
            </p>
            <div className="field field-inline">
              <label htmlFor="sort">Sort by</label>
              <select
                id="sort"
                value={query.sort ?? (query.q ? 'relevance' : 'newest')}
                onChange={(event) => {
                  const next = new URLSearchParams(params);
                  next.set('sort', event.target.value);
                  setParams(next);
                }}
              >
                {SORTS.filter((sort) => sort.value !== 'relevance' || query.q).map((sort) => (
                  <option key={sort.value} value={sort.value}>
                    {sort.label}
                  </option>
                ))}
              </select>
            </div>
          </div>

          {searching && !query.q ? (
            <Empty title="What are you looking for?">
              <p>Type a word above: results appear as you type.</p>
            </Empty>
          ) : null}
          {listing.isLoading || (listing.data && !data) ? <Loading label="Finding products…" /> : null}
          {listing.error ? <ErrorState error={listing.error} onRetry={() => listing.refetch()} /> : null}
          {first && first.total === 0 ? (
            <Empty title="No products match">
              <p>Try fewer filters or another word.</p>
            </Empty>
          ) : null}
          <div
            aria-busy={listing.isFetching}
            className={listing.isPlaceholderData ? 'results-stale' : undefined}
          >
            <ProductGrid products={products} eagerCount={4} firstBatch={8} />
          </div>
          {/* Only under a rendered grid: alone it would stand where the products then push it from. */}
          {data && listing.hasNextPage ? (
            <div className="load-more">
              <button
                type="button"
                className="button button-secondary"
                onClick={() => listing.fetchNextPage()}
                disabled={listing.isFetchingNextPage}
              >
                {listing.isFetchingNextPage ? 'Loading…' : 'Show more products'}
              </button>
            </div>
          ) : null}
        </section>
      </div>
    </div>
  );
}
