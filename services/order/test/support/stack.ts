// Test stacks. startStack: the real services of a checkout, each started as its own process (`node --import tsx
// services/<name>/src/main.ts`, configured by environment variables) on free ports, with their own
// databases and one private event exchange; a tiny HTTP server serves the test's JWKS so every
// service verifies the test's tokens. The order service never imports another service's code:
// neither does this harness. The three share a generated internal token, so /internal/* runs
// guarded as in production. startInProcessStack: the order service in the test's process over a
// product stand-in, with real payment and pricing processes.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { eventSchemas } from '@emporium/contracts';
import {
  internalTokenHeaders,
  loadConfig,
  openEventBus,
  openSqlDatabase,
  type SqlDatabase,
} from '@emporium/platform';
import {
  createTestDatabase,
  createTestTokens,
  freePort,
  type TestDatabase,
  testInfra,
  uniqueName,
  waitFor,
} from '@emporium/platform/testing';
import { MongoClient } from 'mongodb';
import { orderConfigSchema } from '../../src/config.js';
import { startOrderService } from '../../src/service.js';
import { type ProductStandIn, startProductStandIn } from './product-stand-in.js';

export { freePort };

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export class ServiceProcess {
  child?: ChildProcess;
  output = '';
  constructor(
    readonly name: string,
    readonly port: number,
    readonly env: Record<string, string>,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    // STACK_NODE_ARGS adds flags to every service process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p"
    // to profile a benchmark (NODE_OPTIONS does not accept --cpu-prof).
    const extra = process.env.STACK_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    this.child = spawn(process.execPath, [...extra, '--import', 'tsx', `services/${this.name}/src/main.ts`], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, PORT: String(this.port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    try {
      await waitFor(async () => {
        if (this.child?.exitCode !== null) throw new Error(`${this.name} exited:\n${this.output}`);
        const res = await fetch(`${this.url}/health/ready`).catch(() => undefined);
        return res?.status === 200;
      }, 60_000);
    } catch (error) {
      throw new Error(`${this.name} did not become ready: ${(error as Error).message}\n${this.output}`);
    }
  }

  /** SIGKILL simulates a crash; SIGTERM a graceful stop. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}

/**
 * The pricing service with the regions its migrations seed (US, EU, UK) on a database of its own,
 * which stop() drops.
 */
export async function startPricing(
  env: Record<string, string>,
): Promise<ServiceProcess & { drop(): Promise<void> }> {
  const database = await createTestDatabase('pricing');
  const pricing = new ServiceProcess('pricing', await freePort(), {
    LOG_LEVEL: 'warn',
    ...env,
    DATABASE_URL: database.url,
  });
  await pricing.start();
  return Object.assign(pricing, { drop: () => database.drop() });
}

export interface Stack {
  exchange: string;
  order: ServiceProcess;
  product: ServiceProcess;
  payment: ServiceProcess;
  pricing: ServiceProcess;
  pricingDb: SqlDatabase;
  orderDb: SqlDatabase;
  paymentDb: SqlDatabase;
  adminToken: string;
  /** The INTERNAL_TOKEN every service of the stack shares: /internal/* answers 401 without it. */
  internalToken: string;
  sign(roles?: ('customer' | 'admin')[], userId?: string): Promise<string>;
  /** Creates an active product with one variant through the product admin API; returns its SKU. */
  createProduct(options: { stock: number; price?: number; title?: string }): Promise<string>;
  /** One product with a variant per entry (sizes, say); returns their SKUs in the same order. */
  createVariants(
    title: string,
    variants: { title: string; price: number; stock: number }[],
  ): Promise<string[]>;
  available(sku: string): Promise<number>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** The broker every service uses; disruptive tests pass the chaos node they may restart. */
  amqpUrl?: string;
  /** Extra settings of the order service. */
  orderEnv?: Record<string, string>;
  /** Where the product service keeps its catalog: FerretDB (MongoDB protocol, the default; stock then on PostgreSQL) or PostgreSQL. */
  catalog?: 'mongodb' | 'postgres';
}

export async function startStack({
  amqpUrl = testInfra.amqpUrl,
  orderEnv = {},
  catalog = 'mongodb',
}: StackOptions = {}): Promise<Stack> {
  const tokens = await createTestTokens();
  const jwks: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(tokens.jwks));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  const exchange = `${uniqueName('x')}.events`;
  const databases: TestDatabase[] = [await createTestDatabase('order'), await createTestDatabase('payment')];
  const [orderDatabase, paymentDatabase] = databases as [TestDatabase, TestDatabase];
  const catalogDatabase = catalog === 'postgres' ? await createTestDatabase('catalog') : undefined;
  if (catalogDatabase) databases.push(catalogDatabase);
  // A MongoDB catalog gets a database of its own, dropped by stop() like the SQL ones, and the
  // product service a PostgreSQL database for its stock and reservations.
  const mongoCatalogUrl = `${testInfra.mongodbUrl}/${uniqueName('catalog')}`;
  const stockDatabase = catalogDatabase ? undefined : await createTestDatabase('product_stock');
  if (stockDatabase) databases.push(stockDatabase);
  const internalToken = randomBytes(32).toString('base64url');
  const shared = {
    INTERNAL_TOKEN: internalToken,
    AMQP_URL: amqpUrl,
    EVENTS_EXCHANGE: exchange,
    AUTH_JWKS_URL: jwksUrl,
    LOG_LEVEL: 'warn',
  };

  const product = new ServiceProcess('product', await freePort(), {
    ...shared,
    CATALOG_URL: catalogDatabase?.url ?? mongoCatalogUrl,
    ...(stockDatabase ? { DATABASE_URL: stockDatabase.url } : {}),
    REDIS_URL: testInfra.redisUrl,
  });
  const payment = new ServiceProcess('payment', await freePort(), {
    ...shared,
    DATABASE_URL: paymentDatabase.url,
    PAYMENT_PROVIDER: 'sandbox',
  });
  const pricingDatabase = await createTestDatabase('pricing');
  databases.push(pricingDatabase);
  const pricing = new ServiceProcess('pricing', await freePort(), {
    ...shared,
    DATABASE_URL: pricingDatabase.url,
  });
  await Promise.all([product.start(), payment.start(), pricing.start()]);
  const order = new ServiceProcess('order', await freePort(), {
    ...shared,
    DATABASE_URL: orderDatabase.url,
    PRODUCT_URL: product.url,
    PAYMENT_URL: payment.url,
    PRICING_URL: pricing.url,
    SAGA_LEASE_MS: '1500',
    SAGA_RECOVERY_INTERVAL_MS: '200',
    ...orderEnv,
  });
  await order.start();
  const orderDb = await openSqlDatabase(orderDatabase.url);
  const paymentDb = await openSqlDatabase(paymentDatabase.url);
  const pricingDb = await openSqlDatabase(pricingDatabase.url);
  const sign = (roles: ('customer' | 'admin')[] = ['customer'], userId: string = randomUUID()) =>
    tokens.sign({ roles, userId, expiresIn: '1h' });
  const adminToken = await sign(['admin']);
  const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  await fetch(`${product.url}/admin/categories/checkout-tests`, {
    method: 'PUT',
    headers: admin,
    body: JSON.stringify({ name: 'Checkout tests' }),
  });

  const createVariants: Stack['createVariants'] = async (title, variants) => {
    const slug = uniqueName('mug').replaceAll('_', '-');
    const skus = variants.map((_, i) => (i === 0 ? slug : `${slug}-${i}`).toUpperCase());
    const res = await fetch(`${product.url}/admin/products`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        slug,
        title,
        brand: 'Emporium',
        category: 'checkout-tests',
        status: 'active',
        variants: variants.map((variant, i) => ({
          sku: skus[i],
          title: variant.title,
          prices: [{ amount: variant.price, currency: 'EUR' }],
          stock: variant.stock,
        })),
      }),
    });
    if (res.status !== 201) throw new Error(`creating a product failed: ${res.status} ${await res.text()}`);
    return skus;
  };

  return {
    exchange,
    order,
    product,
    payment,
    pricing,
    orderDb,
    paymentDb,
    pricingDb,
    adminToken,
    internalToken,
    sign,
    async createProduct({ stock, price = 1250, title = 'Enamel mug' }) {
      const [sku] = await createVariants(title, [{ title: 'Blue', price, stock }]);
      return sku!;
    },
    createVariants,
    async available(sku) {
      const res = await fetch(`${product.url}/internal/variants?skus=${sku}`, {
        headers: internalTokenHeaders(internalToken),
      });
      const body = (await res.json()) as { variants: { available: number }[] };
      return body.variants[0]?.available ?? -1;
    },
    async stop() {
      await Promise.all([order.stop(), product.stop(), payment.stop(), pricing.stop()]);
      await orderDb.close();
      await paymentDb.close();
      await pricingDb.close();
      await new Promise((resolve) => jwks.close(resolve));
      for (const database of databases) await database.drop();
      if (!catalogDatabase) {
        const client = await MongoClient.connect(mongoCatalogUrl);
        await client.db().dropDatabase();
        await client.close();
      }
    },
  };
}

/**
 * The order service in this process (one or more replicas on one database), a real payment
 * service process, the pricing service, and a product stand-in the test controls (prices, stock,
 * silence). Every order event the services publish is recorded by order id.
 */
export interface InProcessStack {
  products: ProductStandIn;
  payment: ServiceProcess;
  orderDb: SqlDatabase;
  paymentDb: SqlDatabase;
  /** The first replica. */
  service: OrderService;
  replicas: OrderService[];
  adminId: string;
  /** Headers of an admin's request. */
  admin: Record<string, string>;
  /** Order event types published, by order id, in the order they arrived. */
  published: Map<string, string[]>;
  stop(): Promise<void>;
}

type OrderService = Awaited<ReturnType<typeof startOrderService>>;

export async function startInProcessStack({
  orderEnv = {},
  replicas = 1,
}: {
  /** Settings of the order service beyond the stack's. */
  orderEnv?: Record<string, string>;
  replicas?: number;
} = {}): Promise<InProcessStack> {
  const tokens = await createTestTokens();
  const jwks = createServer((_req, res) => res.end(JSON.stringify(tokens.jwks)));
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  const databases = [await createTestDatabase('order'), await createTestDatabase('payment')];
  const [orderDatabase, paymentDatabase] = databases as [TestDatabase, TestDatabase];
  const exchange = `${uniqueName('x')}.events`;
  const published = new Map<string, string[]>();
  const listener = openEventBus(testInfra.amqpUrl, eventSchemas, { exchange });
  await listener.subscribe({
    consumer: uniqueName('order-test'),
    eventTypes: ['order.*'],
    handle: async (event) => {
      const orderId = (event.data as { orderId: string }).orderId;
      published.set(orderId, [...(published.get(orderId) ?? []), event.type]);
    },
  });
  const products = await startProductStandIn();
  const payment = new ServiceProcess('payment', await freePort(), {
    DATABASE_URL: paymentDatabase.url,
    AMQP_URL: testInfra.amqpUrl,
    EVENTS_EXCHANGE: exchange,
    AUTH_JWKS_URL: jwksUrl,
    LOG_LEVEL: 'warn',
  });
  const pricing = await startPricing({ AUTH_JWKS_URL: jwksUrl });
  await payment.start();
  const config = loadConfig(orderConfigSchema, {
    DATABASE_URL: orderDatabase.url,
    AMQP_URL: testInfra.amqpUrl,
    EVENTS_EXCHANGE: exchange,
    AUTH_JWKS_URL: jwksUrl,
    PRODUCT_URL: products.url,
    PAYMENT_URL: payment.url,
    PRICING_URL: pricing.url,
    LOG_LEVEL: 'silent',
    VARIANT_CACHE_MS: '0',
    ...orderEnv,
  });
  const started: OrderService[] = [];
  for (let i = 0; i < replicas; i++) {
    started.push(await startOrderService(config, { verifier: tokens.verifier, processMetrics: false }));
  }
  const orderDb = await openSqlDatabase(orderDatabase.url);
  const paymentDb = await openSqlDatabase(paymentDatabase.url);
  const adminId = randomUUID();
  return {
    products,
    payment,
    orderDb,
    paymentDb,
    service: started[0]!,
    replicas: started,
    adminId,
    admin: { authorization: `Bearer ${await tokens.sign({ userId: adminId, roles: ['admin'] })}` },
    published,
    async stop() {
      await listener.close();
      await paymentDb.close();
      await orderDb.close();
      for (const replica of started) {
        await replica.close();
        await replica.app.close();
      }
      await payment.stop();
      await pricing.stop();
      await pricing.drop();
      await products.close();
      await new Promise((resolve) => jwks.close(resolve));
      for (const database of databases) await database.drop();
    },
  };
}
