// Small helpers shared by the repositories: timestamps out as ISO strings, seq cursors.
export const iso = (value: Date | string): string => new Date(value).toISOString();
export const isoOrNull = (value: Date | string | null): string | null => (value === null ? null : iso(value));

/** Rows come newest first; one extra row tells whether there is a next page. */
export function pageOf<R extends { seq: number }, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
): { items: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(map), nextCursor: rows.length > limit && last ? String(last.seq) : null };
}
