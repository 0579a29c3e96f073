import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase, testInfra, uniqueName } from '@emporium/platform/testing';
import { MongoClient } from 'mongodb';
import { afterAll, describe, it } from 'vitest';
import { afterSaleJourney } from './after-sale-journey.js';
import { type PlatformProcess, startPlatform } from './platform-process.js';
import { emailSwitchReachesNotifications, gatewayApi, shopperBuysSomething } from './shopper-flow.js';

// `npm start -- --distributed`: seven processes on PostgreSQL, FerretDB, Redis and RabbitMQ. The
// run gets its own databases, catalog, Redis key prefixes, ports and (from the test setup) vhost.
describe('the distributed platform (npm start -- --distributed) on the real infrastructure', () => {
  const portBase = 24_000 + Math.floor(Math.random() * 400) * 10;
  const run = uniqueName('dist');
  const catalogUrl = `${testInfra.mongodbUrl}/${run}`;
  const databases: TestDatabase[] = [];
  let platform: PlatformProcess | undefined;

  afterAll(async () => {
    await platform?.stop();
    await Promise.all(databases.map((database) => database.drop()));
    const client = await MongoClient.connect(catalogUrl);
    await client.db().dropDatabase();
    await client.close();
  }, 60_000);

  it('serves a shopper from sign-up to the order-confirmed notification and an e-mail switch', async () => {
    const env: Record<string, string> = {
      EMPORIUM_DATA_DIR: mkdtempSync(join(tmpdir(), 'emporium-distributed-')),
      LOG_LEVEL: 'warn',
      PRODUCT_CATALOG_URL: catalogUrl,
      PRODUCT_CACHE_KEY_PREFIX: `${run}:product:`,
      AUTH_REDIS_KEY_PREFIX: `${run}:auth:`,
      USER_REDIS_KEY_PREFIX: `${run}:user:`,
      GATEWAY_REDIS_KEY_PREFIX: `${run}:gateway:`,
    };
    for (const service of ['auth', 'user', 'product', 'order', 'payment', 'notification', 'pricing']) {
      const database = await createTestDatabase(service);
      databases.push(database);
      env[`${service.toUpperCase()}_DATABASE_URL`] = database.url;
    }
    platform = await startPlatform('scripts/start-distributed.ts', env, portBase);
    const api = gatewayApi(platform.gateway);
    const shopper = await shopperBuysSomething(api);
    await emailSwitchReachesNotifications(api, shopper);
    const [, email, password] = /admin (\S+) \/ (.+)/.exec(platform.output())!;
    await afterSaleJourney(api, { email: email!, password: password! });
  }, 420_000);
});
