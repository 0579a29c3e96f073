// Checkout benchmark: the real product, payment, pricing and order services (each its own process)
// on the real PostgreSQL, MongoDB-protocol store, Redis and RabbitMQ; shoppers check out pre-filled
// carts and wait for confirmation. Every measured order is priced as a shop's are: half go to
// Germany (VAT included, express shipping), half to California (sales tax added, in USD, standard
// shipping), and each carries a coupon (a 10 % promotion created in setup, whose uses are counted).
// Plain checkouts (Germany, standard shipping, no coupon: the shape measured before) run in
// segments interleaved with the taxed ones, so the CPU that tax, shipping and the promotion add is
// a ratio of the same run. Prints checkouts/s (closed loop: the capacity), p50/p99 time from the
// admitted POST to `confirmed` with checkouts arriving at the target rate (open loop), how many
// arrivals the order service shed (503 checkout-busy: turned away before any work, not retried
// there; the closed loop's shoppers send theirs again after Retry-After), a baseline measured in
// the same run, and the post-run integrity checks (oversells,
// orphaned reservations, orphaned charges). The headline run keeps the catalog on FerretDB and
// stock on PostgreSQL, as deployed; a second, labelled run repeats it with the whole product
// service on PostgreSQL (its SQL adapter) to show what the MongoDB-protocol layer still costs. Each run also prints
// the CPU every process spent per confirmed checkout (what bounds the rate on this machine) and
// the time to confirmation at a steady arrival rate the machine can carry. BENCH_LOCATIONS=2 keeps
// the stock in two locations (half the products wholly in a second warehouse, the others split
// between both), so reservations allocate across locations; the full run measures the headline in
// one location and again in two and prints both.
// Before the clock starts, the shoppers check out for a warm-up period that is not counted: the
// services' code is still being compiled in the first tens of seconds (see WARMUP_SECONDS).
//   npx tsx bench/checkout.ts   (BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_CONCURRENCY, BENCH_PRODUCTS,
//   BENCH_TARGET_SECONDS, BENCH_STEADY_SECONDS override the defaults; BENCH_CATALOGS=mongodb runs
//   only the headline; BENCH_LOCATIONS=1|2|1,2 the stock locations of the headline; --hog: a busy loop pinned to one core for the whole run; --smoke or BENCH_SMOKE=1: a few seconds, the headline only, no warm-up)
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { Agent, request } from 'undici';
import { inOwnBrokerVhost } from '../scripts/broker-vhost.js';
import { address, CARDS } from '../services/order/test/support/shopper.js';
import { startStack } from '../services/order/test/support/stack.js';
import { hogRequested, startCpuHogIfRequested } from './cpu-hog.js';
import { measureProcessCpu } from './process-cpu.js';
import { ratioLine, setting, smoke } from './smoke-mode.js';

const SECONDS = setting('BENCH_SECONDS', 10, 2);
/**
 * A service in production runs warm for hours; measured after 10 s, the JIT compilers still took
 * 6.6% of the machine's CPU (perf, system-wide) and the services ~20% more CPU per checkout than
 * after 40 s, when compiling had fallen to 1.3%.
 */
const WARMUP_SECONDS = setting('BENCH_WARMUP_SECONDS', 40, 0);
const WARMUP_SEGMENT_SECONDS = 10;
const CONCURRENCY = setting('BENCH_CONCURRENCY', 32, 8);
const PRODUCTS = setting('BENCH_PRODUCTS', 50, 3);
const STOCK = 100_000; // per product
const TARGET_RATE = 100;
// Capacity a quiet machine's two cores should carry: 300 checkouts/s, about 6 ms of CPU each.
const CAPACITY_TARGET = 300;
// The tail a shopper should see with 100/s arriving: < 100 ms on a quiet machine, < 500 ms while a
// neighbour takes a core (--hog).
const TARGET_P99_MS = hogRequested ? 500 : 100;
const TARGET_SECONDS = setting('BENCH_TARGET_SECONDS', 10, 1);
const STEADY_SECONDS = setting('BENCH_STEADY_SECONDS', 5, 1);
const BASELINE_SECONDS = smoke ? 1 : 5;
/** Measured segments of each kind, taxed and plain alternating, so drift in load hits both. */
const ROUNDS = smoke ? 1 : 4;
const PRICES = { EUR: 1999, USD: 2199 };
/** A percentage coupon every taxed order carries; its limit is far above any run's orders. */
const COUPON = { code: 'BENCH10', percent: '10', usageLimit: 10_000_000 };

/** The shape of one checkout: where it ships, how, and whether it carries the coupon. */
const KINDS = {
  de: { address, shippingMethod: 'express', coupon: true, currency: 'EUR' },
  us: {
    address: {
      name: 'Grace Hopper',
      line1: '1 Infinite Loop',
      city: 'Cupertino',
      postalCode: '95014',
      region: 'CA',
      country: 'US',
    },
    shippingMethod: 'standard',
    coupon: true,
    currency: 'USD',
  },
  plain: { address, shippingMethod: 'standard', coupon: false, currency: 'EUR' },
} as const;
type Kind = keyof typeof KINDS;
interface FilledCart {
  cartId: string;
  kind: Kind;
}

/** The body of a checkout of one filled cart. */
function checkoutBody({ cartId, kind }: FilledCart) {
  const shape = KINDS[kind];
  return {
    cartId,
    email: 'bench@example.com',
    shippingAddress: shape.address,
    shippingMethod: shape.shippingMethod,
    paymentToken: CARDS.success,
    ...(shape.coupon && { couponCode: COUPON.code }),
  };
}

// The shoppers' own connection pools: the process-wide dispatcher may be Node's bundled undici
// (whatever called fetch first registers it), reached through a slower compatibility layer.
const shoppers = new Agent({ keepAliveTimeout: 30_000 });

async function json(
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await request(url, {
    dispatcher: shoppers,
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return {
    status: res.statusCode,
    retryAfter: Number(res.headers['retry-after'] ?? 0),
    // biome-ignore lint/suspicious/noExplicitAny: benchmark reads a few known fields
    body: (await res.body.json()) as any,
  };
}

/** Groups the processes of one run, by their command lines, for the CPU breakdown. */
function stackProcesses(databases: { order: string; payment: string; pricing: string }) {
  return (commandLine: string, pid: number): string | undefined => {
    if (pid === process.pid) return 'benchmark (shoppers)';
    for (const service of ['order', 'product', 'payment', 'pricing']) {
      if (commandLine.includes(`services/${service}/src/main.ts`)) return `${service} service`;
    }
    if (commandLine.startsWith('postgres: ')) {
      const database = commandLine.split(' ')[2] ?? '';
      if (database === databases.order) return 'PostgreSQL: order db';
      if (database === databases.payment) return 'PostgreSQL: payment db';
      if (database === databases.pricing) return 'PostgreSQL: pricing db';
      if (database === 'emporium_ferretdb') return 'PostgreSQL: FerretDB storage';
      if (database.startsWith('catalog_')) return 'PostgreSQL: catalog db';
      if (database.startsWith('product_stock_')) return 'PostgreSQL: product stock db';
      // Background workers (WAL writer, checkpointer…) serve every database; connections to
      // other databases belong to whatever else runs on the machine.
      return commandLine.includes('(') ? undefined : 'PostgreSQL: background';
    }
    // The postmaster: what it counts is its reaped children's, autovacuum workers above all.
    if (/\/bin\/postgres -D /.test(commandLine)) return 'PostgreSQL: autovacuum and ended processes';
    if (commandLine.includes('ferretdb')) return 'FerretDB';
    if (commandLine.includes('beam.smp') && commandLine.includes('rabbit')) return 'RabbitMQ';
    if (commandLine.startsWith('redis-server')) return 'Redis';
    return undefined;
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

const CATALOGS = {
  mongodb: 'catalog on FerretDB, stock on PostgreSQL (headline, as deployed)',
  postgres: 'comparison: catalog and stock on PostgreSQL, everything else the same',
} as const;

/** The second warehouse of a two-location run; German shoppers' orders come from either. */
const SECOND_LOCATION = { code: 'second', name: 'Second warehouse', country: 'FR' };

/**
 * Moves stock into the second location: odd products wholly, even ones half, so that orders
 * draw from both and the allocation weighs two locations for every line.
 */
async function spreadOverTwoLocations(productUrl: string, adminToken: string, skus: string[]) {
  const admin = { authorization: `Bearer ${adminToken}` };
  const created = await json('POST', `${productUrl}/admin/stock-locations`, SECOND_LOCATION, admin);
  if (created.status !== 201) throw new Error(`creating a location failed: ${created.status}`);
  for (const [i, sku] of skus.entries()) {
    const quantity = i % 2 === 1 ? STOCK : STOCK / 2;
    const moved = await json(
      'POST',
      `${productUrl}/admin/stock/${sku}/transfers`,
      { from: 'default', to: SECOND_LOCATION.code, quantity },
      admin,
    );
    if (moved.status !== 200) throw new Error(`moving ${sku} failed: ${moved.status}`);
  }
}

/** A product sold in euros and dollars (the stack's own helper prices in euros only); returns its SKU. */
async function createProduct(productUrl: string, adminToken: string, i: number): Promise<string> {
  const sku = `BENCH-${randomUUID().slice(0, 8).toUpperCase()}-${i}`;
  const res = await json(
    'POST',
    `${productUrl}/admin/products`,
    {
      slug: sku.toLowerCase(),
      title: `Bench mug ${i}`,
      brand: 'Emporium',
      category: 'checkout-tests',
      status: 'active',
      variants: [
        {
          sku,
          title: 'Blue',
          prices: Object.entries(PRICES).map(([currency, amount]) => ({ amount, currency })),
          stock: STOCK,
        },
      ],
    },
    { authorization: `Bearer ${adminToken}` },
  );
  if (res.status !== 201)
    throw new Error(`creating a product failed: ${res.status} ${JSON.stringify(res.body)}`);
  return sku;
}

/** One full run on a fresh stack; returns confirmed checkouts/s. */
async function run(catalog: keyof typeof CATALOGS, locations: 1 | 2): Promise<number> {
  console.log(`\n== ${CATALOGS[catalog]}; stock in ${locations} location${locations === 2 ? 's' : ''} ==`);
  // The order service as deployed: the test stack shortens the saga lease and polls for abandoned
  // sagas five times a second so that crash tests recover quickly; here they are the defaults.
  const stack = await startStack({
    orderEnv: {
      LOG_LEVEL: 'error',
      SAGA_LEASE_MS: '10000',
      SAGA_RECOVERY_INTERVAL_MS: '1000',
    },
    catalog,
  });
  try {
    const order = stack.order.url;
    // Orders spread over many products, as in a shop; one hot SKU measures the catalog's per-SKU lock instead.
    const skus: string[] = [];
    for (let i = 0; i < PRODUCTS; i++) skus.push(await createProduct(stack.product.url, stack.adminToken, i));
    if (locations === 2) await spreadOverTwoLocations(stack.product.url, stack.adminToken, skus);
    const coupon = await json(
      'POST',
      `${stack.pricing.url}/admin/promotions`,
      { name: 'Bench coupon', kind: 'percentage', ...COUPON },
      { authorization: `Bearer ${stack.adminToken}` },
    );
    if (coupon.status !== 201) throw new Error(`creating the coupon failed: ${coupon.status}`);

    // Carts are filled before the clock starts: the benchmark measures checkout, not browsing.
    // 250/s is above any closed-loop rate measured here; a smoke run only needs its few seconds' worth.
    // Each kind runs half of the warm-up and as long as the other in the measured loop; the open
    // loops check out taxed carts only.
    const closedLoopCarts = Math.ceil(((WARMUP_SECONDS + SECONDS) / 2) * (smoke ? 50 : 250)) + CONCURRENCY;
    const needed = {
      taxed: closedLoopCarts + TARGET_RATE * TARGET_SECONDS + (TARGET_RATE / 2) * STEADY_SECONDS,
      plain: closedLoopCarts + 1,
    };
    const carts: { taxed: FilledCart[]; plain: FilledCart[] } = { taxed: [], plain: [] };
    let filled = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (const pool of ['taxed', 'plain'] as const) {
          while (carts[pool].length < needed[pool]) {
            const n = filled++;
            const kind: Kind = pool === 'plain' ? 'plain' : n % 2 === 0 ? 'de' : 'us';
            const currency = KINDS[kind].currency;
            const cart = await json('POST', `${order}/cart?currency=${currency}`, {});
            const sku = skus[n % skus.length];
            const added = await json('POST', `${order}/cart/${cart.body.cartId}/lines?currency=${currency}`, {
              sku,
              quantity: 1,
            });
            if (added.status !== 200) throw new Error(`filling a cart failed: ${added.status}`);
            carts[pool].push({ cartId: cart.body.cartId, kind });
          }
        }
      }),
    );

    // Baseline: the order service answering a plain database read, same process and machine.
    const probe = await json('POST', `${order}/orders`, checkoutBody(carts.plain.pop()!), {
      'idempotency-key': randomUUID(),
    });
    const baseline = await autocannon({
      url: `${order}/orders/${probe.body.orderId}`,
      connections: CONCURRENCY,
      duration: BASELINE_SECONDS,
    });
    console.log(
      `baseline: GET /orders/:id ${baseline.requests.average.toFixed(0)} req/s, p99 ${baseline.latency.p99} ms`,
    );

    const latencies: number[] = [];
    const outcomes = { confirmed: 0, failed: 0, errors: 0, shed: 0 };
    const errorKinds = new Map<string, number>();
    /**
     * One shopper's checkout, from the POST that is admitted until the order is confirmed or the
     * checkout failed. A checkout the service turns away (503 checkout-busy, before any work) is
     * counted as shed; until `retryUntil` (a Date.now() time) it is sent again under the same key
     * after its Retry-After, as a shopper's browser would; after it, or without it, the shopper
     * leaves (an arrival the shop did not take), so a closed loop still ends on time. 'left' says
     * so: the cart was never checked out and can be filled into another arrival.
     */
    async function checkout(
      cart: FilledCart,
      into: number[],
      retryUntil?: number,
    ): Promise<'left' | undefined> {
      const error = (kind: string): undefined => {
        outcomes.errors++;
        errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
      };
      const key = randomUUID();
      let t0 = performance.now();
      // On an overloaded machine a connection may not even open in time: counted, not fatal.
      const post = () =>
        json('POST', `${order}/orders`, checkoutBody(cart), { 'idempotency-key': key }).catch(
          (failure: Error & { code?: string }) => failure,
        );
      let placed = await post();
      while (
        !(placed instanceof Error) &&
        placed.status === 503 &&
        String(placed.body?.type).endsWith('/checkout-busy')
      ) {
        outcomes.shed++;
        const wait = Math.max(1, placed.retryAfter) * 1000;
        if (retryUntil === undefined || Date.now() + wait >= retryUntil) return 'left';
        await sleep(wait);
        t0 = performance.now();
        placed = await post();
      }
      if (placed instanceof Error) return error(`no answer ${placed.code ?? placed.name}`);
      if (placed.status !== 201) {
        return error(
          `${placed.status} ${String(placed.body?.type ?? '')
            .split('/')
            .pop()}`,
        );
      }
      let status = placed.body.status as string;
      while (status !== 'confirmed' && status !== 'checkout_failed') {
        await sleep(5);
        const polled = await json('GET', `${order}/orders/${placed.body.orderId}`).catch(() => undefined);
        status = polled?.body.status ?? status;
      }
      if (status === 'confirmed') into.push(performance.now() - t0);
      outcomes[status === 'confirmed' ? 'confirmed' : 'failed']++;
    }

    const [orderDatabase, paymentDatabase, pricingDatabase] = await Promise.all(
      [stack.orderDb, stack.paymentDb, stack.pricingDb].map(
        async (db) => (await db.query<{ name: string }>('select current_database() as name')).rows[0]!.name,
      ),
    );
    /** CONCURRENCY shoppers, each checking out one cart of the pool after another until the deadline. */
    async function closedLoop(pool: FilledCart[], seconds: number, into: number[]): Promise<number> {
      const started = Date.now();
      const until = started + seconds * 1000;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (Date.now() < until) {
            const cart = pool.pop();
            if (!cart) break;
            if ((await checkout(cart, into, until)) === 'left') {
              // Turned away too late in the segment to come back: the shopper is done for it. Taking
              // the next cart at once would turn the segment's end into a storm of refusals, each
              // spending a cart that was never checked out.
              pool.push(cart);
              break;
            }
          }
        }),
      );
      if (pool.length === 0) console.log('WARNING: the benchmark ran out of filled carts; raise `needed`');
      return (Date.now() - started) / 1000;
    }

    /** Checkouts arriving at `perSecond` for `seconds`, each started on schedule (open loop). */
    async function openLoop(perSecond: number, seconds: number) {
      const into: number[] = [];
      const arrivals: Promise<unknown>[] = [];
      const confirmedBefore = outcomes.confirmed;
      const shedBefore = outcomes.shed;
      // The worst time to confirmed of the arrivals in each second: a stall (one second far
      // above the rest) reads differently from a queue (every second high).
      const worst: number[] = [];
      const started = performance.now();
      for (let i = 0; i < perSecond * seconds; i++) {
        const wait = started + (i * 1000) / perSecond - performance.now();
        if (wait > 0) await sleep(wait);
        const cart = carts.taxed.pop();
        if (!cart) break;
        const second = Math.floor(i / perSecond);
        const mine: number[] = [];
        arrivals.push(
          checkout(cart, mine).then(() => {
            for (const ms of mine) {
              into.push(ms);
              worst[second] = Math.max(worst[second] ?? 0, ms);
            }
          }),
        );
      }
      await Promise.all(arrivals);
      if (arrivals.length < perSecond * seconds) {
        console.log(`WARNING: only ${arrivals.length} of ${perSecond * seconds} arrivals had a filled cart`);
      }
      into.sort((x, y) => x - y);
      const took = (performance.now() - started) / 1000;
      const shed = outcomes.shed - shedBefore;
      return {
        arrived: arrivals.length,
        shed,
        shedLine: `shed ${shed} of ${arrivals.length} arrivals (${((shed / Math.max(1, arrivals.length)) * 100).toFixed(1)}%, ${(shed / took).toFixed(1)}/s)`,
        confirmed: outcomes.confirmed - confirmedBefore,
        seconds: took,
        confirmedPerSecond: (outcomes.confirmed - confirmedBefore) / took,
        p50: percentile(into, 50),
        p99: percentile(into, 99),
        worstPerSecond: `${Array.from(worst, (ms) => (ms ?? 0).toFixed(0)).join(' ')} ms`,
      };
    }

    // Warm-up, not counted: same shoppers and carts, then every tally starts from zero. It runs in
    // 10 s segments, taxed and plain alternating, whose rates are printed, so a run shows whether
    // the services had settled.
    const warmupRates: number[] = [];
    for (let left = WARMUP_SECONDS, i = 0; left > 0; left -= WARMUP_SEGMENT_SECONDS, i++) {
      const before = outcomes.confirmed;
      const pool = i % 2 === 0 ? carts.taxed : carts.plain;
      const took = await closedLoop(pool, Math.min(left, WARMUP_SEGMENT_SECONDS), []);
      warmupRates.push((outcomes.confirmed - before) / took);
    }
    const warmedUp = outcomes.confirmed;
    Object.assign(outcomes, { confirmed: 0, failed: 0, errors: 0, shed: 0 });
    errorKinds.clear();
    console.log(
      `warm-up: ${WARMUP_SECONDS} s, ${warmedUp} confirmed (not counted); confirmed/s by ${WARMUP_SEGMENT_SECONDS} s segment: ${warmupRates.map((r) => r.toFixed(1)).join(', ')}`,
    );

    const measuredFrom = new Date();
    const processes = stackProcesses({
      order: orderDatabase!,
      payment: paymentDatabase!,
      pricing: pricingDatabase!,
    });
    // Taxed and plain segments alternate; each kind's CPU and confirmations are summed over its own.
    const measured = {
      taxed: { seconds: 0, confirmed: 0, cpu: new Map<string, number>() },
      plain: { seconds: 0, confirmed: 0, cpu: new Map<string, number>() },
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of ['taxed', 'plain'] as const) {
        const tally = measured[kind];
        const before = outcomes.confirmed;
        const cpu = measureProcessCpu(processes);
        tally.seconds += await closedLoop(carts[kind], SECONDS / ROUNDS, kind === 'taxed' ? latencies : []);
        for (const [name, ms] of cpu.stop()) tally.cpu.set(name, (tally.cpu.get(name) ?? 0) + ms);
        tally.confirmed += outcomes.confirmed - before;
      }
    }
    const elapsed = measured.taxed.seconds + measured.plain.seconds;
    latencies.sort((a, b) => a - b);
    const rate = measured.taxed.confirmed / measured.taxed.seconds;
    const plainRate = measured.plain.confirmed / measured.plain.seconds;
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(
      `checkouts (both kinds): ${outcomes.confirmed} confirmed, ${outcomes.failed} failed, ${outcomes.errors} errors in ${elapsed.toFixed(1)} s; ${outcomes.shed} times shed (503 checkout-busy; sent again after Retry-After while the segment lasted)`,
    );
    if (errorKinds.size > 0) console.log(`errors by kind: ${JSON.stringify(Object.fromEntries(errorKinds))}`);
    console.log(
      `throughput: ${rate.toFixed(1)} confirmed checkouts/s (target ≥ ${CAPACITY_TARGET}) ${rate >= CAPACITY_TARGET ? 'MET' : 'MISSED'}: taxed, shipped and with a coupon, half DE half US-CA`,
    );
    console.log(
      `plain checkouts (DE, standard shipping, no coupon; interleaved): ${plainRate.toFixed(1)} confirmed/s`,
    );
    console.log(
      ratioLine('confirmed checkouts/s', rate, 'GET /orders/:id req/s', baseline.requests.average, {
        absolute: `≥ ${CAPACITY_TARGET} checkouts/s; p99 < ${TARGET_P99_MS} ms with ${TARGET_RATE}/s arriving`,
      }),
    );
    console.log(
      `time to confirmed at saturation (${CONCURRENCY} shoppers always waiting): p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms`,
    );

    // Where the time goes: each saga step's time since the previous recorded transition (the
    // step log's timestamps), p50/p99 over the confirmed orders of the run.
    const { rows: hops } = await stack.orderDb.query<{ step: string; p50: number; p99: number }>(
      `select step, percentile_cont(0.5) within group (order by ms)::int as p50,
              percentile_cont(0.99) within group (order by ms)::int as p99
       from (select l.step, l.id, extract(epoch from l.at - coalesce(
               lag(l.at) over (partition by l.order_id order by l.id), o.created_at)) * 1000 as ms
             from checkout_saga_log l join orders o on o.id = l.order_id
             where o.status = 'confirmed' and l.outcome = 'succeeded' and o.created_at >= $1) t
       group by step order by min(id)`,
      [measuredFrom],
    );
    console.log(
      `saga hops (ms since previous step): ${hops.map((h) => `${h.step} p50 ${h.p50} p99 ${h.p99}`).join(', ')}`,
    );

    // What bounds the rate: CPU each process spent per confirmed checkout (all cores together).
    const spent = [...measured.taxed.cpu].sort((a, b) => b[1] - a[1]);
    const perCheckout = (ms: number) => ms / Math.max(1, measured.taxed.confirmed);
    const total = spent.reduce((sum, [, ms]) => sum + ms, 0);
    const plainTotal = [...measured.plain.cpu.values()].reduce((sum, ms) => sum + ms, 0);
    const plainPerCheckout = plainTotal / Math.max(1, measured.plain.confirmed);
    const cores = availableParallelism();
    console.log(
      `CPU per confirmed checkout: ${spent.map(([name, ms]) => `${name} ${perCheckout(ms).toFixed(1)} ms`).join(', ')}`,
    );
    console.log(
      `CPU per confirmed checkout, total ${perCheckout(total).toFixed(1)} ms: ${cores} cores carry at most ${((cores * 1000) / perCheckout(total)).toFixed(0)} checkouts/s at this cost`,
    );
    console.log(
      `CPU per confirmed plain checkout, total ${plainPerCheckout.toFixed(1)} ms: ${[...measured.plain.cpu]
        .sort((a, b) => b[1] - a[1])
        .map(([name, ms]) => `${name} ${(ms / Math.max(1, measured.plain.confirmed)).toFixed(1)} ms`)
        .join(', ')}`,
    );
    console.log(
      ratioLine(
        'CPU per taxed checkout with shipping and a coupon',
        perCheckout(total),
        "a plain checkout's",
        plainPerCheckout,
        {
          absolute: `≥ ${CAPACITY_TARGET} checkouts/s of the taxed kind`,
        },
      ),
    );

    // The p99 target is judged at the target rate: shoppers arrive at TARGET_RATE checkouts/s,
    // each on their own (open loop: a slow answer does not delay the next arrival, so queueing
    // shows in full), for TARGET_SECONDS. The closed loop above measures capacity; its latencies,
    // with 32 shoppers always waiting, grow with the shopper count chosen, not with the rate.
    const targetCpu = measureProcessCpu(processes);
    const atTarget = await openLoop(TARGET_RATE, TARGET_SECONDS);
    const targetByProcess = targetCpu.stop();
    const targetSpent = targetByProcess.reduce((sum, [, ms]) => sum + ms, 0);
    console.log(
      `time to confirmed with ${TARGET_RATE} checkouts/s arriving (open loop, ${TARGET_SECONDS} s): ${atTarget.confirmedPerSecond.toFixed(1)} confirmed/s, ${atTarget.shedLine}; admitted p50 ${atTarget.p50.toFixed(0)} ms, p99 ${atTarget.p99.toFixed(0)} ms (target p99 < ${TARGET_P99_MS}) ${atTarget.confirmed > 0 && atTarget.p99 < TARGET_P99_MS ? 'MET' : 'MISSED'}${hogRequested ? ' (under the CPU hog)' : ''}`,
    );
    console.log(`  worst time to confirmed per second of arrival: ${atTarget.worstPerSecond}`);
    // Arrivals spread evenly batch less than a crowd of waiting shoppers: the cost per checkout
    // at this rate, next to the closed loop's above, shows how close to saturation it ran.
    console.log(
      `CPU per confirmed checkout at ${TARGET_RATE}/s arriving: ${(targetSpent / Math.max(1, atTarget.confirmed)).toFixed(1)} ms (${((targetSpent / (atTarget.seconds * 1000 * cores)) * 100).toFixed(0)}% of ${cores} cores): ${targetByProcess.map(([name, ms]) => `${name} ${(ms / Math.max(1, atTarget.confirmed)).toFixed(1)} ms`).join(', ')}`,
    );
    // And when the machine is far from saturated: a steady half of the capacity just measured.
    const steadyRate = Math.max(1, Math.floor(rate / 2));
    const steady = await openLoop(steadyRate, STEADY_SECONDS);
    console.log(
      `time to confirmed at a steady ${steadyRate} checkouts/s (open loop, ${STEADY_SECONDS} s): ${steady.shedLine}; admitted p50 ${steady.p50.toFixed(0)} ms, p99 ${steady.p99.toFixed(0)} ms`,
    );

    // Integrity after the run: let captures and compensations finish, then count.
    let unfinished = -1;
    for (let i = 0; i < 300 && unfinished !== 0; i++) {
      const { rows } = await stack.orderDb.query<{ n: number }>(
        `select count(*)::int as n from checkout_sagas where status not in ('completed', 'compensated')`,
      );
      unfinished = rows[0]?.n ?? 0;
      if (unfinished) await sleep(100);
    }
    const { rows: confirmedRows } = await stack.orderDb.query<{ n: number; units: number }>(
      `select count(*)::int as n, coalesce(sum((lines->0->>'quantity')::int), 0)::int as units from orders where status = 'confirmed'`,
    );
    const units = confirmedRows[0]?.units ?? 0;
    let available = 0;
    for (const sku of skus) available += await stack.available(sku);
    const stock = STOCK * PRODUCTS;
    const oversold = Math.max(0, units - stock);
    // Units gone from the shelf that no confirmed order accounts for: held by a dead reservation.
    const orphanedReservations = stock - available - units;
    const { rows: cancelledIds } = await stack.orderDb.query<{ id: string }>(
      `select id from orders where status in ('cancelled', 'checkout_failed')`,
    );
    const { rows: charges } = await stack.paymentDb.query<{ n: number }>(
      `select count(*)::int as n from payments where status = 'authorized' or (status = 'captured' and order_id = any($1::uuid[]))`,
      [cancelledIds.map((r) => r.id)],
    );
    const { rows: sandbox } = await stack.paymentDb.query<{ n: number }>(
      `select count(*)::int as n from sandbox_charges where status = 'authorized'`,
    );
    // Every confirmed order that carried the coupon took exactly one use of it; failed ones gave theirs back.
    const { rows: discounted } = await stack.orderDb.query<{ n: number }>(
      `select count(*)::int as n from orders where status = 'confirmed' and discount > 0`,
    );
    const { rows: used } = await stack.pricingDb.query<{ used: number }>(
      'select used from promotions where code = $1',
      [COUPON.code],
    );
    const couponUses = used[0]?.used ?? -1;
    console.log(
      `integrity: unfinished sagas ${unfinished}, oversold units ${oversold}, orphaned reservations ${orphanedReservations}, orphaned charges ${(charges[0]?.n ?? 0) + (sandbox[0]?.n ?? 0)}, coupon uses ${couponUses} for ${discounted[0]?.n} confirmed orders with it`,
    );
    const clean =
      couponUses === discounted[0]?.n &&
      unfinished === 0 &&
      oversold === 0 &&
      orphanedReservations === 0 &&
      charges[0]?.n === 0 &&
      sandbox[0]?.n === 0;
    console.log(clean ? 'integrity: OK' : 'integrity: FAILED');
    return rate;
  } finally {
    await stack.stop();
  }
}

console.log(
  `checkout benchmark: ${WARMUP_SECONDS}s warm-up (not counted), then ${SECONDS}s closed loop with ${CONCURRENCY} concurrent shoppers, then ${TARGET_SECONDS}s open loop at ${TARGET_RATE}/s and ${STEADY_SECONDS}s at half the rate reached; ${PRODUCTS} products, sandbox payments, 1 line per order, every measured order taxed (half DE with VAT, half US-CA with sales tax), shipped and with a coupon, plain checkouts interleaved as the baseline; ${availableParallelism()} cores`,
);
// The services inherit this environment: CHECKOUT_CONCURRENCY, CHECKOUT_QUEUE_LENGTH and
// CHECKOUT_QUEUE_WAIT_MS set here size the order service's admission gate.
console.log(
  `order service admission: ${['CHECKOUT_CONCURRENCY', 'CHECKOUT_QUEUE_LENGTH', 'CHECKOUT_QUEUE_WAIT_MS']
    .map((name) => `${name}=${process.env[name] ?? 'default'}`)
    .join(', ')}`,
);
const hog = startCpuHogIfRequested();
console.log(`beside the benchmark: ${hog.description}`);
const catalogs = (process.env.BENCH_CATALOGS ?? (smoke ? 'mongodb' : 'mongodb,postgres')).split(
  ',',
) as (keyof typeof CATALOGS)[];
/** Stock locations of the headline catalog's runs; comparisons run in one. */
const headlineLocations = (process.env.BENCH_LOCATIONS ?? (smoke ? '1' : '1,2'))
  .split(',')
  .map((n): 1 | 2 => (Number(n) === 2 ? 2 : 1));
const runs = catalogs.flatMap((catalog) =>
  (catalog === catalogs[0] ? headlineLocations : [1 as const]).map((locations) => ({ catalog, locations })),
);
const rates = new Map<string, number>();
try {
  for (const { catalog, locations } of runs) {
    rates.set(`${catalog}:${locations}`, await inOwnBrokerVhost(() => run(catalog, locations)));
  }
} finally {
  hog.stop();
}
if (rates.has('mongodb:1') && rates.has('postgres:1')) {
  console.log(
    `\nFerretDB vs PostgreSQL catalog: ${rates.get('mongodb:1')?.toFixed(1)} vs ${rates.get('postgres:1')?.toFixed(1)} confirmed checkouts/s (headline: FerretDB)`,
  );
}
const [first] = catalogs;
if (rates.has(`${first}:1`) && rates.has(`${first}:2`)) {
  const one = rates.get(`${first}:1`)!;
  const two = rates.get(`${first}:2`)!;
  console.log(
    `stock in two locations vs one: ${two.toFixed(1)} vs ${one.toFixed(1)} confirmed checkouts/s (target ≥ ${CAPACITY_TARGET}/s: ${two >= CAPACITY_TARGET ? 'met' : 'MISSED'})`,
  );
}
await shoppers.close();
