// `npm run -w @emporium/product reviews:backfill` (in the image: `node --conditions=emporium-dist
// dist/reviews/backfill-purchases.js`): records the purchases of orders placed before the review
// read model listened to order events, so their buyers may review. A command run once by an
// operator after deploying, not a worker at start: "the purchases table is empty" stops being
// true with the first order confirmed after the deploy, while older orders would still be
// missing; a command can be run, and run again, whenever that is wanted. Idempotent.
import { internalTokenConfig, loadConfigOrExit, urlString } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import { openCatalogStore } from '../repositories/open-catalog-store.js';
import { orderPurchasesClient } from './order-purchases-client.js';
import { backfillPurchases } from './purchase-backfill.js';

const config = loadConfigOrExit(
  Type.Object({
    CATALOG_URL: Type.String({ minLength: 1 }),
    DATABASE_URL: Type.Optional(Type.String({ minLength: 1 })),
    ORDER_URL: urlString('the order service, e.g. http://127.0.0.1:8084'),
    ...internalTokenConfig,
    BACKFILL_PAGE_SIZE: Type.Integer({ minimum: 1, maximum: 1000, default: 500 }),
    DOWNSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 50, default: 10_000 }),
  }),
);
const store = await openCatalogStore(config.CATALOG_URL, config.DATABASE_URL);
try {
  const report = await backfillPurchases(
    orderPurchasesClient({
      orderUrl: config.ORDER_URL,
      internalToken: config.INTERNAL_TOKEN,
      pageSize: config.BACKFILL_PAGE_SIZE,
      timeoutMs: config.DOWNSTREAM_TIMEOUT_MS,
    }),
    store.reviews,
    (sofar) => process.stdout.write(`read ${sofar.read} purchases, recorded ${sofar.recorded} new\n`),
  );
  process.stdout.write(`done: ${report.recorded} of ${report.read} purchases were new\n`);
} catch (error) {
  // What was recorded stays recorded; a rerun reads from the start and skips it.
  const { message, cause } = error as Error;
  process.stderr.write(`backfill stopped: ${message}${cause ? ` (${String(cause)})` : ''}\n`);
  process.exitCode = 1;
} finally {
  await store.close();
}
