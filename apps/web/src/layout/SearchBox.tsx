// The header search: results as you type in a listbox under the field (combobox pattern: arrow
// keys move, Enter opens, Escape closes); Enter on the text itself opens the full results page.
import { mediaUrl } from '@emporium/api-client';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, type KeyboardEvent, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { useApi } from '../app/api-context';
import { Price } from '../components/Price';
import { useRegion } from '../region/region-context';
import { useDebounced } from './use-debounced';

export function SearchBox() {
  const api = useApi();
  const { currency } = useRegion();
  const navigate = useNavigate();
  const listId = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const q = useDebounced(text.trim(), 200);

  const suggestions = useQuery({
    queryKey: ['catalog', 'suggest', q, currency],
    queryFn: ({ signal }) => api.catalog.search({ q, limit: 6, currency }, signal),
    enabled: q.length >= 2,
    staleTime: 60_000,
  });
  const items = q.length >= 2 ? (suggestions.data?.items ?? []) : [];
  const expanded = open && q.length >= 2;

  const go = (path: string) => {
    setOpen(false);
    setText('');
    navigate(path);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = items[active];
    if (chosen) go(`/p/${chosen.slug}`);
    else if (text.trim()) go(`/search?q=${encodeURIComponent(text.trim())}`);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && items.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((index) => (index + 1) % items.length);
    } else if (event.key === 'ArrowUp' && items.length > 0) {
      event.preventDefault();
      setActive((index) => (index <= 0 ? items.length - 1 : index - 1));
    } else if (event.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <search className="search">
      <form className="search-form" onSubmit={submit}>
        <label htmlFor={`${listId}-input`} className="visually-hidden">
          Search products
        </label>
        <input
          id={`${listId}-input`}
          type="search"
          placeholder="Search products"
          autoComplete="off"
          role="combobox"
          aria-expanded={expanded}
          aria-controls={`${listId}-list`}
          aria-autocomplete="list"
          aria-activedescendant={active >= 0 ? `${listId}-option-${active}` : undefined}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onKeyDown={onKeyDown}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
        />
        <button type="submit" className="search-button" aria-label="Search">
          <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
            <path
              fill="currentColor"
              d="M10 2a8 8 0 0 1 6.32 12.9l5.39 5.4-1.42 1.4-5.39-5.38A8 8 0 1 1 10 2Zm0 2a6 6 0 1 0 0 12 6 6 0 0 0 0-12Z"
            />
          </svg>
        </button>
        <div
          id={`${listId}-list`}
          role="listbox"
          aria-label="Suggestions"
          className="search-suggestions"
          hidden={!expanded}
        >
          {expanded && suggestions.isFetching && items.length === 0 ? (
            <p className="search-hint">Searching…</p>
          ) : null}
          {expanded && !suggestions.isFetching && suggestions.data && items.length === 0 ? (
            <p className="search-hint">No products match “{q}”</p>
          ) : null}
          {items.map((item, index) => (
            <div
              key={item.slug}
              tabIndex={-1}
              id={`${listId}-option-${index}`}
              role="option"
              aria-selected={index === active}
              className="search-option"
              onMouseDown={(event) => {
                event.preventDefault();
                go(`/p/${item.slug}`);
              }}
            >
              {item.media ? (
                <img
                  src={mediaUrl(item.media.base, item.media, 'thumbnail', 'fallback')}
                  alt=""
                  width={40}
                  height={40}
                />
              ) : item.image ? (
                <img src={item.image} alt="" width={40} height={40} />
              ) : null}
              <span className="search-option-title">{item.title}</span>
              <Price money={item.price} />
            </div>
          ))}
        </div>
      </form>
    </search>
  );
}
