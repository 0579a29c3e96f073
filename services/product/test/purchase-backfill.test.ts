// The review purchases backfill against the real order service (its own process, as deployed,
// guarding /internal/* with the internal token) and the review store on PostgreSQL: two runs at
// once record each past purchase once, a purchase whose cancellation is known stays cancelled,
// and a refused call records nothing.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { openSqlDatabase, type SqlDatabase, sql } from '@emporium/platform';
import {
  createTestDatabase,
  type TestDatabase,
  testInfra,
  uniqueName,
  waitFor,
} from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogStore } from '../src/repositories/catalog-store.js';
import { openCatalogStore } from '../src/repositories/open-catalog-store.js';
import { orderPurchasesClient } from '../src/reviews/order-purchases-client.js';
import { backfillPurchases } from '../src/reviews/purchase-backfill.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TOKEN = randomBytes(24).toString('hex');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface PastOrder {
  id: string;
  userId: string | null;
  status: string;
  productIds: string[];
}

describe('review purchases backfill (order service process, PostgreSQL)', () => {
  let orderDatabase: TestDatabase;
  let productDatabase: TestDatabase;
  let orderDb: SqlDatabase;
  let productDb: SqlDatabase;
  let order: ChildProcess;
  let orderUrl: string;
  let store: CatalogStore;
  let output = '';

  beforeAll(async () => {
    [orderDatabase, productDatabase] = await Promise.all([
      createTestDatabase('backfill_orders'),
      createTestDatabase('backfill_product'),
    ]);
    const port = await freePort();
    orderUrl = `http://127.0.0.1:${port}`;
    order = spawn(process.execPath, ['--import', 'tsx', 'services/order/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: orderDatabase.url,
        AMQP_URL: testInfra.amqpUrl,
        EVENTS_EXCHANGE: `${uniqueName('x')}.events`,
        // Listing purchases calls none of these; nothing listens there.
        AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
        PRODUCT_URL: 'http://127.0.0.1:9',
        PAYMENT_URL: 'http://127.0.0.1:9',
        PRICING_URL: 'http://127.0.0.1:9',
        INTERNAL_TOKEN: TOKEN,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    order.stdout?.on('data', keep);
    order.stderr?.on('data', keep);
    await waitFor(async () => {
      if (order.exitCode !== null) throw new Error(`the order service exited:\n${output}`);
      return (await fetch(`${orderUrl}/health/ready`).catch(() => undefined))?.status === 200;
    }, 60_000);
    orderDb = await openSqlDatabase(orderDatabase.url);
    store = await openCatalogStore(productDatabase.url);
    productDb = await openSqlDatabase(productDatabase.url);
  }, 90_000);

  afterAll(async () => {
    await productDb?.close();
    await store?.close();
    await orderDb?.close();
    if (order && order.exitCode === null) {
      const exited = new Promise((resolve) => order.once('exit', resolve));
      order.kill('SIGTERM');
      await exited;
    }
    await Promise.all([orderDatabase?.drop(), productDatabase?.drop()]);
  });

  const placeOrders = async (orders: PastOrder[]) => {
    for (const past of orders) await insertOrder(orderDb, past);
  };
  const purchasesOf = async (orderIds: string[]) => {
    const { rows } = await productDb.query<{
      order_id: string;
      product_id: string;
      user_id: string;
      cancelled: boolean;
    }>(
      sql`select order_id, product_id, user_id, cancelled from review_purchases
          where order_id = any(${orderIds}::text[]) order by order_id, product_id`,
    );
    return rows;
  };
  const client = (token = TOKEN) =>
    orderPurchasesClient({ orderUrl, internalToken: token, pageSize: 2, timeoutMs: 10_000 });

  it('two runs at once record each purchase once, and a third finds nothing new', async () => {
    const ada = `user-${randomUUID()}`;
    const bo = `user-${randomUUID()}`;
    const orders: PastOrder[] = [
      { id: randomUUID(), userId: ada, status: 'delivered', productIds: ['p-mug', 'p-pot', 'p-mug'] },
      { id: randomUUID(), userId: bo, status: 'confirmed', productIds: ['p-mug'] },
      { id: randomUUID(), userId: ada, status: 'shipped', productIds: ['p-tray', 'p-jar', 'p-cup'] },
      { id: randomUUID(), userId: null, status: 'delivered', productIds: ['p-bowl'] },
      { id: randomUUID(), userId: bo, status: 'cancelled', productIds: ['p-bowl'] },
    ];
    await placeOrders(orders);

    const runs = await Promise.all([
      backfillPurchases(client(), store.reviews),
      backfillPurchases(client(), store.reviews),
    ]);

    // Both read all six purchases; between them they recorded each once.
    expect(runs.map((run) => run.read)).toEqual([6, 6]);
    expect(runs[0]!.recorded + runs[1]!.recorded).toBe(6);
    const recorded = await purchasesOf(orders.map((o) => o.id));
    expect(recorded.map((p) => `${p.user_id}:${p.product_id}`).sort()).toEqual(
      [`${ada}:p-mug`, `${ada}:p-pot`, `${bo}:p-mug`, `${ada}:p-tray`, `${ada}:p-jar`, `${ada}:p-cup`].sort(),
    );
    expect(recorded.every((p) => !p.cancelled)).toBe(true);
    expect(await store.reviews.hasPurchased(ada, 'p-jar')).toBe(true);
    expect(await store.reviews.hasPurchased(bo, 'p-bowl')).toBe(false);

    expect(await backfillPurchases(client(), store.reviews)).toEqual({ read: 6, recorded: 0 });
  });

  it('leaves a purchase the events already recorded, or cancelled, as it is', async () => {
    const cy = `user-${randomUUID()}`;
    const known = { id: randomUUID(), userId: cy, status: 'delivered', productIds: ['p-lamp'] };
    // Confirmed when the backfill reads it, cancelled (by the event consumer) before it writes.
    const cancelledMeanwhile = { id: randomUUID(), userId: cy, status: 'confirmed', productIds: ['p-rug'] };
    await placeOrders([known, cancelledMeanwhile]);
    await store.reviews.recordPurchase(known.id, cy, ['p-lamp']);
    await store.reviews.cancelPurchase(cancelledMeanwhile.id, cy, ['p-rug']);

    const before = (await backfillPurchases(client(), store.reviews)).read;
    expect(before).toBeGreaterThanOrEqual(2);
    expect(await purchasesOf([known.id, cancelledMeanwhile.id])).toEqual(
      [
        { order_id: known.id, product_id: 'p-lamp', user_id: cy, cancelled: false },
        { order_id: cancelledMeanwhile.id, product_id: 'p-rug', user_id: cy, cancelled: true },
      ].sort((a, b) => a.order_id.localeCompare(b.order_id)),
    );
    expect(await store.reviews.hasPurchased(cy, 'p-rug')).toBe(false);
  });

  it('stops at a refused call and records nothing', async () => {
    const dee = `user-${randomUUID()}`;
    const past = { id: randomUUID(), userId: dee, status: 'delivered', productIds: ['p-vase'] };
    await placeOrders([past]);
    await expect(backfillPurchases(client('x'.repeat(TOKEN.length)), store.reviews)).rejects.toThrow(/401/);
    expect(await purchasesOf([past.id])).toEqual([]);
  });
});

async function insertOrder(db: SqlDatabase, past: PastOrder) {
  const lines = past.productIds.map((productId, index) => ({
    sku: `${productId}-${index}`,
    productId,
    title: productId,
    quantity: 1,
    unitPrice: { amount: 1000, currency: 'USD' },
    lineTotal: { amount: 1000, currency: 'USD' },
  }));
  const address = {
    name: 'Ada',
    line1: '1 Main St',
    city: 'Springfield',
    postalCode: '12345',
    country: 'US',
  };
  await db.query(
    sql`insert into orders (id, order_number, user_id, cart_id, email, status, currency, lines, shipping_address,
          billing_address, shipping_method, subtotal, shipping, tax, total)
        values (${past.id}, ${uniqueName('EMP')}, ${past.userId}, ${randomUUID()}, 'ada@example.com',
          ${past.status}, 'USD', ${JSON.stringify(lines)}::jsonb, ${JSON.stringify(address)}::jsonb,
          ${JSON.stringify(address)}::jsonb, 'standard', 1000, 0, 0, 1000)`,
  );
}
