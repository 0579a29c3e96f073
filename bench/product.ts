// Product service benchmark: product detail and search req/s with a warm cache, search with a
// cold cache (every request a distinct query), and cold product-detail latency, against a bare
// Fastify route returning a constant, all in the same run on this machine.
//   npx tsx bench/product.ts          (CATALOG_URL, DATABASE_URL, REDIS_URL, BENCH_SECONDS, BENCH_CONNECTIONS;
//                                      --smoke or BENCH_SMOKE=1: one second per run)
// With a MongoDB catalog (the default) and no DATABASE_URL, stock goes to a fresh PostgreSQL database.
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@emporium/platform';
import { createTestDatabase, createTestTokens } from '@emporium/platform/testing';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { productConfigSchema } from '../services/product/src/config.js';
import { seedDemoCatalog } from '../services/product/src/seed/demo-catalog.js';
import { startProductService } from '../services/product/src/service.js';
import { ratioLine, setting } from './smoke-mode.js';

const seconds = setting('BENCH_SECONDS', 10, 1);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const catalogUrl = process.env.CATALOG_URL ?? 'mongodb://127.0.0.1:27017/product_bench';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const stockDb =
  catalogUrl.startsWith('mongodb') && !process.env.DATABASE_URL
    ? await createTestDatabase('product_bench')
    : undefined;
const stockUrl = process.env.DATABASE_URL ?? stockDb?.url;

async function load(url: string, setupPath?: () => string) {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    ...(setupPath ? { requests: [{ setupRequest: (request) => ({ ...request, path: setupPath() }) }] } : {}),
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99 };
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * p)]!;

const baseline = Fastify();
baseline.get('/', async () => ({ hello: 'world' }));
await baseline.listen({ port: 0, host: '127.0.0.1' });
const baselineUrl = `http://127.0.0.1:${(baseline.server.address() as { port: number }).port}/`;

const tokens = await createTestTokens();
const config = loadConfig(productConfigSchema, {
  CATALOG_URL: catalogUrl,
  ...(stockUrl ? { DATABASE_URL: stockUrl } : {}),
  REDIS_URL: redisUrl,
  AMQP_URL: 'memory:',
  CACHE_KEY_PREFIX: `bench-${randomBytes(4).toString('hex')}:`,
  AUTH_JWKS_URL: 'http://127.0.0.1:1/unused',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'test',
});
const service = await startProductService(config, {
  verifier: tokens.verifier,
  onStoreOpen: (store) => seedDemoCatalog(store).then(() => {}),
});
await service.app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(service.app.server.address() as { port: number }).port}`;

const listing = (await (await fetch(`${base}/products?limit=100`)).json()) as { total: number };
const slugs: string[] = [];
for (let cursor: string | null = null, first = true; first || cursor; first = false) {
  const page = (await (
    await fetch(`${base}/products?limit=100${cursor ? `&cursor=${cursor}` : ''}`)
  ).json()) as {
    items: { slug: string }[];
    nextCursor: string | null;
  };
  slugs.push(...page.items.map((item) => item.slug));
  cursor = page.nextCursor;
}
console.log(
  `settings: ${seconds}s per run, ${connections} connections, catalog ${catalogUrl} (${listing.total} active products), cache ${redisUrl}`,
);

// Cold detail: the first read of each product after start, one at a time.
const coldDetail: number[] = [];
for (const slug of slugs.slice(1)) {
  const started = performance.now();
  const res = await fetch(`${base}/products/${slug}`);
  await res.arrayBuffer();
  coldDetail.push(performance.now() - started);
}

const detailUrl = `${base}/products/${slugs[0]}`;
const searchPath = '/products?q=jacket&category=apparel&sort=price_asc&limit=24';
await fetch(detailUrl);
await fetch(base + searchPath);
let counter = 0;
const coldSearchPath = () => {
  counter += 1;
  // Every request a different listing key: a cache miss computed from the catalog index.
  const categories = ['apparel', 'footwear', 'home', 'electronics', 'outdoor', 'tops', 'audio'];
  return `/products?category=${categories[counter % categories.length]}&minPrice=${counter % 5000}&sort=${counter % 2 ? 'newest' : 'price_desc'}&limit=24`;
};

const results = {
  baseline: await load(baselineUrl),
  detailWarm: await load(detailUrl),
  searchWarm: await load(base + searchPath),
  searchCold: await load(base, coldSearchPath),
};
const row = (name: string, r: { rps: number; p50: number; p99: number }) =>
  console.log(`${name.padEnd(32)} ${String(r.rps).padStart(8)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms`);
row('bare Fastify constant (baseline)', results.baseline);
row('product detail, warm cache', results.detailWarm);
row('search, warm cache', results.searchWarm);
row('search, cold cache', results.searchCold);
console.log(
  `product detail, cold cache (sequential, ${coldDetail.length} products): p50 ${percentile(coldDetail, 0.5).toFixed(1)} ms, p99 ${percentile(coldDetail, 0.99).toFixed(1)} ms`,
);

const ratio = results.detailWarm.rps / results.baseline.rps;
const verdicts = [
  [`warm detail ≥ 50% of baseline: ${(ratio * 100).toFixed(0)}%`, ratio >= 0.5],
  [`warm search ≥ 5,000 req/s: ${results.searchWarm.rps}`, results.searchWarm.rps >= 5000],
  [`cold search p99 < 50 ms: ${results.searchCold.p99} ms`, results.searchCold.p99 < 50],
] as const;
for (const [text, met] of verdicts) console.log(`${met ? 'MET   ' : 'MISSED'} ${text}`);
console.log(
  ratioLine(
    'warm product detail req/s',
    results.detailWarm.rps,
    'bare Fastify constant req/s',
    results.baseline.rps,
    {
      atLeast: 0.5,
    },
  ),
);

await service.app.close();
await service.close();
await baseline.close();
await stockDb?.drop();
