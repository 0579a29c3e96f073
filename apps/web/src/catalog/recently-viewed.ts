// The products this browser opened last, newest first, kept in localStorage so they survive a
// reload and never leave the device (no account needed, nothing sent to the server).
import { useSyncExternalStore } from 'react';

const KEY = 'emporium.recently-viewed';
const KEEP = 12;
const listeners = new Set<() => void>();
let cached: { raw: string | null; slugs: string[] } = { raw: null, slugs: [] };

function read(): string[] {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(KEY);
  } catch {
    return [];
  }
  // The same array while storage is unchanged: useSyncExternalStore re-renders on a new one.
  if (raw === cached.raw) return cached.slugs;
  let slugs: string[] = [];
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    slugs = Array.isArray(parsed)
      ? parsed.filter((s): s is string => typeof s === 'string').slice(0, KEEP)
      : [];
  } catch {
    slugs = [];
  }
  cached = { raw, slugs };
  return slugs;
}

/** Puts `slug` first; a product seen again moves to the front instead of appearing twice. */
export function rememberViewed(slug: string): void {
  const next = [slug, ...read().filter((s) => s !== slug)].slice(0, KEEP);
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    return; // Storage full or disabled: the shelf is a convenience, never an error.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Slugs of the products viewed, newest first. */
export function useRecentlyViewed(): string[] {
  return useSyncExternalStore(subscribe, read, () => []);
}
