// The filters of a category or search page live in the URL (shareable, back-button friendly);
// this turns the URL into the catalog query and back.
import type { CategoryNode, ProductQuery, SortOrder } from '@emporium/api-client';
import { toMinorUnits } from '../../components/money-input';

export const SORTS: { value: SortOrder; label: string }[] = [
  { value: 'relevance', label: 'Best match' },
  { value: 'newest', label: 'Newest' },
  { value: 'price_asc', label: 'Price: low to high' },
  { value: 'price_desc', label: 'Price: high to low' },
];

const ATTR = 'attr.';

export function queryFromUrl(params: URLSearchParams, category?: string): ProductQuery {
  const attributes: Record<string, string[]> = {};
  for (const [key, value] of params) {
    if (key.startsWith(ATTR) && value) attributes[key.slice(ATTR.length)] = value.split(',');
  }
  const sort = params.get('sort') as SortOrder | null;
  return {
    q: params.get('q')?.trim() || undefined,
    category,
    minPrice: toMinorUnits(params.get('min') ?? ''),
    maxPrice: toMinorUnits(params.get('max') ?? ''),
    inStock: params.get('inStock') === '1' ? true : undefined,
    sort: SORTS.some((s) => s.value === sort) ? (sort as SortOrder) : undefined,
    attributes,
  };
}

/** Toggles one attribute value in the URL's filters. */
export function toggleAttribute(params: URLSearchParams, name: string, value: string): URLSearchParams {
  const next = new URLSearchParams(params);
  const current = new Set((next.get(ATTR + name) ?? '').split(',').filter(Boolean));
  if (current.has(value)) current.delete(value);
  else current.add(value);
  if (current.size > 0) next.set(ATTR + name, [...current].join(','));
  else next.delete(ATTR + name);
  return next;
}

export function hasFilters(params: URLSearchParams): boolean {
  return [...params.keys()].some((key) => key.startsWith(ATTR) || ['min', 'max', 'inStock'].includes(key));
}

export function clearFilters(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams();
  for (const key of ['q', 'sort']) {
    const value = params.get(key);
    if (value) next.set(key, value);
  }
  return next;
}

export function findCategory(
  tree: CategoryNode[],
  slug: string,
): { node: CategoryNode; path: CategoryNode[] } | undefined {
  for (const node of tree) {
    if (node.slug === slug) return { node, path: [node] };
    const found = findCategory(node.children, slug);
    if (found) return { node: found.node, path: [node, ...found.path] };
  }
  return undefined;
}

export function humanAttribute(name: string): string {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
