// The filter column of a listing: sub-categories, price range, attribute values and "in stock
// only", each with how many products it would show. On a phone it folds into a disclosure.
import type { CategoryNode, Facets } from '@emporium/api-client';
import { facetEntries, minorUnitDigits } from '@emporium/api-client';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { fromMinorUnits } from '../../components/money-input';
import { clearFilters, hasFilters, humanAttribute, toggleAttribute } from './listing-filters';

interface Props {
  facets: Facets | undefined;
  subcategories: CategoryNode[];
  currency: string;
}

function PriceFilter({ facets, currency }: { facets: Facets | undefined; currency: string }) {
  const [params, setParams] = useSearchParams();
  const [min, setMin] = useState(params.get('min') ?? '');
  const [max, setMax] = useState(params.get('max') ?? '');
  const [error, setError] = useState<string>();
  const digits = minorUnitDigits(currency);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const valid = (text: string) => text === '' || /^\d+([.,]\d{0,2})?$/.test(text);
    if (!valid(min) || !valid(max)) return setError('Enter prices as numbers, e.g. 25 or 19.99.');
    if (min && max && Number(min.replace(',', '.')) > Number(max.replace(',', '.'))) {
      return setError('The lowest price must not be above the highest.');
    }
    setError(undefined);
    const next = new URLSearchParams(params);
    for (const [key, value] of [
      ['min', min],
      ['max', max],
    ] as const) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  return (
    <form className="filter-group" onSubmit={apply} aria-labelledby="price-legend" noValidate>
      <h2 id="price-legend">Price ({currency})</h2>
      <div className="price-inputs">
        <div className="field">
          <label htmlFor="price-min">From</label>
          <input
            id="price-min"
            inputMode="decimal"
            value={min}
            onChange={(event) => setMin(event.target.value)}
            placeholder={facets ? fromMinorUnits(facets.price.min, digits) : ''}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'price-error' : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="price-max">To</label>
          <input
            id="price-max"
            inputMode="decimal"
            value={max}
            onChange={(event) => setMax(event.target.value)}
            placeholder={facets ? fromMinorUnits(facets.price.max, digits) : ''}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'price-error' : undefined}
          />
        </div>
      </div>
      {error ? (
        <p className="field-error" id="price-error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button button-secondary button-small">
        Apply price
      </button>
    </form>
  );
}

export function FilterPanel({ facets, subcategories, currency }: Props) {
  const [params, setParams] = useSearchParams();
  // A Map, not the record: a category slug may be an Object.prototype name ("constructor").
  const categoryCounts = new Map(Object.entries(facets?.categories ?? {}));
  // Open beside the results on wide screens; folded away above them on a phone.
  const [startOpen] = useState(() => window.matchMedia?.('(min-width: 900px)').matches ?? true);

  return (
    <details className="filters" open={startOpen}>
      <summary>Filters</summary>
      <div className="filters-body">
        {subcategories.length > 0 ? (
          <nav className="filter-group" aria-labelledby="subcategories-heading">
            <h2 id="subcategories-heading">Categories</h2>
            <ul className="plain-list">
              {subcategories.map((child) => (
                <li key={child.slug}>
                  <Link to={`/c/${child.slug}`}>
                    {child.name} <span className="facet-count">({categoryCounts.get(child.slug) ?? 0})</span>
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}

        <PriceFilter key={`${params.get('min')}-${params.get('max')}`} facets={facets} currency={currency} />

        <fieldset className="filter-group">
          <legend>Availability</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={params.get('inStock') === '1'}
              onChange={(event) => {
                const next = new URLSearchParams(params);
                if (event.target.checked) next.set('inStock', '1');
                else next.delete('inStock');
                setParams(next);
              }}
            />
            In stock only {facets ? <span className="facet-count">({facets.inStock})</span> : null}
          </label>
        </fieldset>

        {facets
          ? Object.entries(facets.attributes).map(([name, counts]) => {
              const values = facetEntries(counts);
              const selected = (params.get(`attr.${name}`) ?? '').split(',').filter(Boolean);
              // A chosen value stays listed even when the narrowed results no longer count it.
              const shown = [
                ...values,
                ...selected
                  .filter((v) => !values.some((f) => f.value === v))
                  .map((value) => ({ value, count: 0 })),
              ];
              return (
                <fieldset className="filter-group" key={name}>
                  <legend>{humanAttribute(name)}</legend>
                  {shown.map(({ value, count }) => (
                    <label className="check check-value" key={value}>
                      <input
                        type="checkbox"
                        checked={selected.includes(value)}
                        onChange={() => setParams(toggleAttribute(params, name, value))}
                      />
                      {value} <span className="facet-count">({count})</span>
                    </label>
                  ))}
                </fieldset>
              );
            })
          : null}

        {hasFilters(params) ? (
          <button type="button" className="link-button" onClick={() => setParams(clearFilters(params))}>
            Clear all filters
          </button>
        ) : null}
      </div>
    </details>
  );
}
