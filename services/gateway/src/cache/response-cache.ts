// A small shared cache (RFC 9111 terms) for the public catalog: the gateway keeps, for a few
// seconds, GET answers a service marked `Cache-Control: public` with a max-age/s-maxage, so a hot
// product page is answered at the edge instead of crossing a second hop. Only what the service
// explicitly allows is kept; a write through the gateway to the same service empties its part.
import type { IncomingHttpHeaders } from 'node:http';

export interface CachedResponse {
  headers: Record<string, string | string[]>;
  body: Buffer;
  storedAt: number;
  expiresAt: number;
}

export interface ResponseCacheOptions {
  /** Upper bound on any entry's life, whatever the service allows. 0 disables the cache. */
  maxTtlMs: number;
  maxEntries: number;
  maxBodyBytes: number;
}

const NONE: ReadonlyMap<string, string | true> = new Map();

function parseDirectives(text: string): ReadonlyMap<string, string | true> {
  const result = new Map<string, string | true>();
  for (const part of text.split(',')) {
    const [name, argument] = part.trim().toLowerCase().split('=', 2);
    if (name) result.set(name, argument === undefined ? true : argument.replace(/^"|"$/g, ''));
  }
  return result;
}

// The same few values arrive again and again (a client's `no-cache`, a service's catalog policy),
// twice per proxied read: each is parsed once. Bounded, so a client sending endless variations
// only makes the memo start over.
const MAX_REMEMBERED_VALUES = 256;
const parsedValues = new Map<string, ReadonlyMap<string, string | true>>();

function directives(value: string | string[] | undefined): ReadonlyMap<string, string | true> {
  if (value === undefined) return NONE;
  const text = Array.isArray(value) ? value.join(',') : value;
  let parsed = parsedValues.get(text);
  if (parsed === undefined) {
    parsed = parseDirectives(text);
    if (parsedValues.size >= MAX_REMEMBERED_VALUES) parsedValues.clear();
    parsedValues.set(text, parsed);
  }
  return parsed;
}

/** What the client's own Cache-Control allows (RFC 9111 §5.2.1): a stored answer, storing this one. */
export function clientCachePolicy(headers: IncomingHttpHeaders): { reuse: boolean; store: boolean } {
  const given = directives(headers['cache-control']);
  const store = !given.has('no-store');
  return { reuse: store && !given.has('no-cache') && given.get('max-age') !== '0', store };
}

/** How long a shared cache may keep this answer, in ms; 0 when it must not. */
export function sharedTtlMs(statusCode: number, headers: IncomingHttpHeaders): number {
  if (statusCode !== 200 || headers['set-cookie']) return 0;
  // Only a Vary we key on ourselves is safe to honour.
  const vary = String(headers.vary ?? '').toLowerCase();
  if (vary && vary !== 'accept-encoding') return 0;
  const given = directives(headers['cache-control']);
  // `public` is required: it is also what lets a shared cache answer requests carrying a token.
  if (!given.has('public') || given.has('private') || given.has('no-store') || given.has('no-cache')) {
    return 0;
  }
  const seconds = Number(given.get('s-maxage') ?? given.get('max-age') ?? 0);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

export function cacheKey(url: string, headers: IncomingHttpHeaders): string {
  return `${url}\n${headers['accept-encoding'] ?? ''}`;
}

export interface ResponseCache {
  readonly enabled: boolean;
  get(key: string, now?: number): CachedResponse | undefined;
  /** Stores an answer for `ttlMs` (from `storableFor`), capped by the configured maximum. */
  set(key: string, ttlMs: number, headers: IncomingHttpHeaders, body: Buffer, now?: number): void;
  /** How long this answer may be kept, in ms; 0 when it may not (so it is not worth buffering). */
  storableFor(statusCode: number, headers: IncomingHttpHeaders): number;
  clear(): void;
  readonly size: number;
}

export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  // A Map iterates in insertion order; re-inserting on a hit makes the first key the least recent.
  const entries = new Map<string, CachedResponse>();
  const enabled = options.maxTtlMs > 0 && options.maxEntries > 0;

  return {
    enabled,
    get size() {
      return entries.size;
    },
    get(key, now = Date.now()) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= now) return undefined;
      entries.set(key, entry);
      return entry;
    },
    storableFor(statusCode, headers) {
      const length = Number(headers['content-length']);
      if (!enabled || !Number.isInteger(length) || length > options.maxBodyBytes) return 0;
      return Math.min(sharedTtlMs(statusCode, headers), options.maxTtlMs);
    },
    set(key, ttlMs, headers, body, now = Date.now()) {
      const ttl = Math.min(ttlMs, options.maxTtlMs);
      if (!enabled || ttl <= 0 || body.length > options.maxBodyBytes) return;
      const kept: Record<string, string | string[]> = {};
      // Object.keys, not Object.entries: the pairs cost five times the copy on this path, which
      // every refreshed answer takes.
      for (const name of Object.keys(headers)) {
        const value = headers[name];
        // Per-exchange headers are the gateway's to set on every answer, hit or not.
        if (value !== undefined && name !== 'date' && name !== 'x-request-id') kept[name] = value;
      }
      entries.delete(key);
      entries.set(key, { headers: kept, body, storedAt: now, expiresAt: now + ttl });
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    clear() {
      entries.clear();
    },
  };
}
