// Facet counts travel as `{ value: count }` records (a listing repeats them on every page, so the
// short form matters); a filter panel shows them most common first, ties alphabetically.

/** A facet's values, most common first, ties by value: the order a filter panel lists them in. */
export function facetEntries(counts: Record<string, number>): { value: string; count: number }[] {
  return Object.entries(counts)
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
