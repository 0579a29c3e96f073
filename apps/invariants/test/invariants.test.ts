// The invariant checker's short run, part of npm test: a minute of racing shoppers and admins on
// the distributed platform (no faults), then every store checked. Then the stores of that run get
// wrong rows planted directly, and the checker must name each.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { readSnapshot } from '../src/read-stores.js';
import { formatReport } from '../src/report.js';
import { type RunResult, runChecker } from '../src/run.js';

const SECONDS = 60;

async function execute(url: string, sql: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

const named = (result: Pick<RunResult, 'violations'>) =>
  new Set(result.violations.map(({ invariant, entity }) => `${invariant} ${entity}`));

describe('the invariant checker on the distributed platform', () => {
  let run: RunResult | undefined;

  beforeAll(async () => {
    const seed = Number(process.env.INVARIANTS_SEED ?? Math.floor(Math.random() * 2 ** 31));
    run = await runChecker({ seconds: SECONDS, seed, clients: 12, faults: false }, (line) =>
      console.log(`[invariants] ${line}`),
    );
  }, 300_000);

  afterAll(async () => {
    await run?.platform.stop();
  }, 60_000);

  it('finds every invariant holding after a minute of racing clients', () => {
    const result = run!;
    const report = formatReport(result.options.seed, result.operations, result.violations);
    console.log(report);
    // The run did exercise what the invariants are about.
    const kinds = new Set(result.operations.filter((op) => op.status < 300).map((op) => op.kind));
    for (const kind of ['checkout', 'checkout-race', 'refund-partial', 'cancel', 'ship', 'restock']) {
      expect(kinds, `no successful ${kind} in the run`).toContain(kind);
    }
    expect(result.violations, report).toEqual([]);
  });

  it('names a wrong row planted in the order, payment and stock stores', async () => {
    const result = run!;
    const { stores, snapshot } = result;
    const paid = snapshot.orders.find(
      (order) => order.status === 'confirmed' && !named(result).has(`money-conserved order:${order.id}`),
    );
    const sku = snapshot.stock.find((row) => !named(result).has(`stock-conserved sku:${row.sku}`))?.sku;
    expect(paid, 'a confirmed order to plant on').toBeDefined();
    expect(sku, 'a SKU to plant on').toBeDefined();
    const payment = snapshot.payments.find((p) => p.id === paid!.paymentId)!;

    await execute(stores.order, 'update orders set refunded = refunded + 1 where id = $1', [paid!.id]);
    // A second capture of the order that the provider never made: it disagrees with the
    // provider's books as well.
    const second = randomUUID();
    await execute(
      stores.payment,
      `insert into payments (id, order_id, amount, currency, status, provider)
       values ($1, $2, $3, 'USD', 'captured', 'sandbox')`,
      [second, paid!.id, payment.amount],
    );
    // A location's stock row refuses a move its ledger does not record; this one says it is an
    // adjustment but no operation of the run made it.
    await execute(
      stores.product,
      `update location_stock set available = available + 1,
         ledger_entry = '{"kind": "adjustment", "actor": "system", "reason": "found"}'
       where sku = $1 and location = 'default'`,
      [sku],
    );

    const planted = check({
      initialStock: result.initialStock,
      snapshot: await readSnapshot(stores),
      operations: result.operations,
      faults: false,
    });
    const found = new Set(planted.map(({ invariant, entity }) => `${invariant} ${entity}`));
    const fresh = [...found].filter((violation) => !named(result).has(violation)).sort();
    expect(fresh).toEqual(
      [
        `money-conserved order:${paid!.id}`,
        `one-capture-per-paid-order order:${paid!.id}`,
        `order-refunds-match-payments order:${paid!.id}`,
        `provider-agrees payment:${second}`,
        `stock-conserved sku:${sku}`,
      ].sort(),
    );
  });
});
