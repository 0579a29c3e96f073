import { createRequire } from 'node:module';
import { accountOverviewQuery, homeQuery } from '@emporium/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfigSchema } from '../src/config.js';
import { costLimit } from '../src/graphql/cost-limit.js';
import { schema } from '../src/graphql/schema.js';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

// The CommonJS graphql, as Mercurius and the rule use it.
const { buildSchema, parse, validate } = createRequire(import.meta.url)(
  'graphql',
) as typeof import('graphql');
const DEFAULT_MAX_COST = gatewayConfigSchema.properties.GRAPHQL_MAX_COST.default as number;
const builtSchema = buildSchema(schema);

/** The cost the rule works out for a query, read from the error a limit of 0 makes it report. */
function costOf(query: string): number {
  const errors = validate(builtSchema, parse(query), [costLimit(0)]);
  expect(errors).toHaveLength(1);
  return (errors[0]!.extensions as { cost: number }).cost;
}

const PAGE_FAN_OUT = '{products(first:100){items{slug category{products(first:100){slug}}}}}';

describe('the GraphQL cost limit', () => {
  it('prices the lists of a page at its `first`, so a page-in-page fan-out is too costly', () => {
    // 100 items, each with its category's 100 products: about 100 × 100 reads.
    expect(costOf(PAGE_FAN_OUT)).toBeGreaterThan(100 * 100);
    expect(costOf('{products(first:100){items{slug}}}')).toBe(1 + 100 * 2);
    expect(costOf('{products(first:5){items{slug}}}')).toBe(1 + 5 * 2);
    // Left at its default page (20); a variable is priced at the largest page (100).
    expect(costOf('{products{items{slug}}}')).toBe(1 + 20 * 2);
    expect(costOf('query($n:Int){products(first:$n){items{slug}}}')).toBe(1 + 100 * 2);
    // The page's own fields are not multiplied.
    expect(costOf('{products(first:100){total nextCursor}}')).toBe(3);
  });

  it('prices a fragment at every place it is spread', () => {
    const fragment =
      'fragment Shelf on ProductPage { items { slug category { products(first: 100) { slug } } } }';
    const once = costOf(`{ a: products(first: 100) { ...Shelf } } ${fragment}`);
    const twice = costOf(
      `{ a: products(first: 100) { ...Shelf } b: products(first: 100) { ...Shelf } } ${fragment}`,
    );
    expect(once).toBeGreaterThan(100 * 100);
    expect(twice).toBe(2 * once);
    // A fragment spread inside itself (refused by the spec's own rule) is priced once, not forever.
    expect(costOf('{ categories { ...Tree } } fragment Tree on Category { slug children { ...Tree } }')).toBe(
      10 * (1 + 1 + 10 * 1),
    );
  });

  it("lets the storefront's own queries through with room to spare", () => {
    const storefront = [
      homeQuery,
      accountOverviewQuery,
      '{ products(first: 24, search: "lamp") { items { slug title brand image price { amount currency } inStock category { slug name } } total nextCursor } }',
      '{ product(slug: "oak-lamp") { id slug title description brand images category { slug name } variants { sku title price { amount currency } available } } }',
      '{ categories { slug name children { slug name } } }',
      '{ cart { id status lines { sku title quantity unitPrice { amount } lineTotal { amount } product { slug available } } subtotal { amount currency } notices } }',
      '{ orders(first: 20) { id orderNumber status createdAt total { amount currency } lines { sku title quantity } } }',
    ];
    for (const query of storefront) {
      expect(costOf(query), query).toBeLessThan(DEFAULT_MAX_COST / 2);
    }
  });

  describe('at the gateway, with the default limit', () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await startTestGateway();
    });
    afterAll(() => gateway.close());

    it('refuses the page-in-page fan-out with a 400 that says it is too costly, reading nothing', async () => {
      const before = gateway.stubs.product.calls.length;
      const res = await gateway.app.inject({
        method: 'POST',
        url: '/graphql',
        payload: { query: PAGE_FAN_OUT },
      });
      expect(res.statusCode).toBe(400);
      const [error] = res.json().errors;
      expect(error.message).toMatch(/cost \d+ exceeds the limit of 5000/i);
      expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', maxCost: DEFAULT_MAX_COST });
      expect(gateway.stubs.product.calls.length).toBe(before);
    });
  });
});
