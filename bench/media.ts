// Media benchmark: what the storefront's pictures and listings cost on the wire.
// 1. A listing of 12 products through the gateway, in bytes (target: under 5 KB of JSON), and
//    what it would be as the gateway sends it to a browser that accepts compression.
// 2. Image responses: a card rendition (the picture a listing shows most) read through the
//    gateway of a fresh embedded platform, against a bare static file server (node:http, the
//    same bytes read from a file on every request) in the same run. Interleaved rounds, median
//    per side. Target: the gateway at ≥ 80% of the bare server's req/s.
// Run: npx tsx bench/media.ts [--smoke]   (BENCH_DURATION, BENCH_ROUNDS, BENCH_CONNECTIONS)
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MediaRef, mediaUrl } from '@emporium/contracts/product-media';
import autocannon from 'autocannon';
import { startEmbeddedPlatform } from './embedded-platform.js';
import { ratioLine, setting } from './smoke-mode.js';

const DURATION = setting('BENCH_DURATION', 5, 1);
const ROUNDS = setting('BENCH_ROUNDS', 3, 1);
const CONNECTIONS = setting('BENCH_CONNECTIONS', 32, 8);
const LISTING_LIMIT_BYTES = 5 * 1024;
const TARGET_RATIO = 0.8;

interface Listing {
  items: { media?: MediaRef }[];
  mediaBase: string;
}

/** A listing of 12 as the storefront asks for it; retried while a fresh platform still seeds. */
async function listingOf12(baseUrl: string): Promise<{ raw: string; compressed: number; encoding: string }> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${baseUrl}/api/v1/products?limit=12`, {
      headers: { 'accept-encoding': 'identity' },
    });
    const raw = await res.text();
    if (res.ok && (JSON.parse(raw) as Listing).items.length >= 12) {
      // What a browser receives: undici's fetch decodes, so count the bytes off a raw request.
      const zipped = await rawBodyBytes(`${baseUrl}/api/v1/products?limit=12`, 'br, gzip');
      return { raw, compressed: zipped.bytes, encoding: zipped.encoding };
    }
    if (attempt >= 60) throw new Error(`the listing did not fill: ${res.status} ${raw.slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The body's size on the wire (before any decoding) and its content-encoding. */
async function rawBodyBytes(
  url: string,
  acceptEncoding: string,
): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ bytes, encoding: String(res.headers['content-encoding'] ?? 'none') }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/** The bare reference: the file streamed from disk with its length and type, nothing else. */
async function bareFileServer(file: string, type: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': type, 'content-length': statSync(file).size });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/card.jpg`, server };
}

interface Run {
  rps: number;
  p99: number;
  non2xx: number;
  errors: number;
  bytes: number;
}

async function load(url: string): Promise<Run> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    bytes: result.throughput.average,
  };
}

const median = (runs: Run[]) => [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)]!;

// One load generator is one IP: the per-IP limit for anonymous shoppers would answer it 429 within
// a second, so it is raised for this run (the benchmark measures serving, not the limiter).
const platform = await startEmbeddedPlatform('media', { GATEWAY_RATE_LIMIT_ANONYMOUS_MAX: '100000000' });
const dir = mkdtempSync(join(tmpdir(), 'emporium-bench-media-'));
let bare: { url: string; server: Server } | undefined;
try {
  const listing = await listingOf12(platform.baseUrl);
  const page = JSON.parse(listing.raw) as Listing;
  const media = page.items.find((item) => item.media)?.media;
  if (!media) throw new Error('no product in the listing has an uploaded picture');
  const cardPath = mediaUrl(page.mediaBase, media, 'card', 'fallback');
  const imageUrl = new URL(cardPath, platform.baseUrl).href;
  const image = await fetch(imageUrl);
  if (!image.ok) throw new Error(`the card picture answered ${image.status}`);
  const type = image.headers.get('content-type') ?? 'image/jpeg';
  const bytes = Buffer.from(await image.arrayBuffer());
  writeFileSync(join(dir, 'card.jpg'), bytes);
  bare = await bareFileServer(join(dir, 'card.jpg'), type);

  console.log(
    `settings: ${CONNECTIONS} connections, ${DURATION} s per run, median of ${ROUNDS} interleaved rounds, keep-alive, 127.0.0.1, ${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log(
    `picture: ${cardPath} (${type}, ${bytes.length} bytes; cache-control "${image.headers.get('cache-control')}", etag ${image.headers.get('etag') ? 'yes' : 'no'})`,
  );
  const gatewayRuns: Run[] = [];
  const bareRuns: Run[] = [];
  // Warm both (JIT, the media store's first read) before anything counts.
  await load(imageUrl);
  await load(bare.url);
  for (let round = 0; round < ROUNDS; round++) {
    gatewayRuns.push(await load(imageUrl));
    bareRuns.push(await load(bare.url));
  }
  const gateway = median(gatewayRuns);
  const baseline = median(bareRuns);
  const row = (name: string, r: Run) =>
    console.log(
      `${name.padEnd(40)} ${r.rps.toFixed(0).padStart(7)} req/s  p99 ${String(r.p99).padStart(4)} ms  non-2xx ${r.non2xx}  errors ${r.errors}`,
    );
  row('bare static file server (baseline)', baseline);
  row('card picture through the gateway', gateway);
  console.log(
    `listing of 12 through the gateway: ${listing.raw.length} bytes of JSON uncompressed, ${listing.compressed} bytes as sent to a browser (content-encoding ${listing.encoding}); target < ${LISTING_LIMIT_BYTES} bytes uncompressed → ${listing.raw.length < LISTING_LIMIT_BYTES ? 'met' : 'MISSED'}`,
  );
  console.log(
    ratioLine('picture req/s through the gateway', gateway.rps, 'the bare static file server', baseline.rps, {
      atLeast: TARGET_RATIO,
    }),
  );
  if (gateway.non2xx > 0 || gateway.errors > 0 || baseline.non2xx > 0) {
    console.log('FAILED: the gateway answered errors under load');
    process.exitCode = 1;
  }
} finally {
  bare?.server.close();
  await platform.stop();
  rmSync(dir, { recursive: true, force: true });
}
