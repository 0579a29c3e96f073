// The batched statements find their rows through the primary key in a new database too. A
// connection keeps a prepared statement's generic plan until the table's statistics change, so a
// plan made in a new database's first seconds outlives the emptiness it was made for: a hash join
// over a scan of every payment made each batch cost in proportion to the table, for as long as
// autovacuum took to analyze it again.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { openSqlDatabase, runMigrations, type SqlDatabase, sql } from '@emporium/platform';
import { createTestDatabase, type TestDatabase } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxProvider, SANDBOX_CARDS } from '../src/providers/sandbox-provider.js';
import { claimBatchStatement } from '../src/repositories/idempotency-keys.js';
import { moveChargesStatement } from '../src/repositories/sandbox-charges.js';
import { countedDatabase } from './support/counted-database.js';

let database: TestDatabase;
let db: SqlDatabase;

beforeAll(async () => {
  database = await createTestDatabase('payment_plans');
  db = await openSqlDatabase(database.url);
  await runMigrations(db, fileURLToPath(new URL('../migrations', import.meta.url)));
  await db.exec('alter table payments set (autovacuum_enabled = off)');
  await db.exec('alter table sandbox_charges set (autovacuum_enabled = off)');
});
afterAll(async () => {
  await db.close();
  await database.drop();
});

/** Statistics taken while the tables were small, then the tables grow: a new shop's first minute. */
let grown: Promise<void> | undefined;
const grownTables = () => {
  grown ??= (async () => {
    await grow(300);
    await db.exec('analyze payments; analyze sandbox_charges');
    await grow(5000);
  })();
  return grown;
};

async function grow(rows: number): Promise<void> {
  await db.exec(`
    insert into payments (id, order_id, amount, currency, status, provider)
      select gen_random_uuid(), gen_random_uuid(), 1999, 'EUR', 'captured', 'sandbox' from generate_series(1, ${rows});
    insert into sandbox_charges (id, idempotency_key, amount, currency, card_last4, status)
      select 'ch_' || gen_random_uuid(), gen_random_uuid(), 1999, 'EUR', '4242', 'captured' from generate_series(1, ${rows});`);
}

const planText = (rows: { 'QUERY PLAN': string }[]) => rows.map((row) => row['QUERY PLAN']).join('\n');

/** The generic plan (the one a connection keeps for a prepared statement) of `text`. */
async function genericPlan(text: string, args: string): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.query('set local plan_cache_mode = force_generic_plan');
    await tx.query(`prepare planned as ${text}`);
    try {
      return planText((await tx.query<{ 'QUERY PLAN': string }>(`explain execute planned(${args})`)).rows);
    } finally {
      await tx.query('deallocate planned');
    }
  });
}

describe('batched payment statements in a new database', () => {
  it('claims read each payment by its key, in the plan a connection keeps, empty or grown', async () => {
    const claimBatch = claimBatchStatement([
      { key: 'k', requestHash: 'h', claimId: randomUUID(), paymentId: randomUUID() },
    ]).text;
    const args = `array['k'], array['h'], array[gen_random_uuid()], array[gen_random_uuid()], 30`;
    const whenEmpty = await genericPlan(claimBatch, args);
    await grownTables();
    const whenGrown = await genericPlan(claimBatch, args);
    for (const plan of [whenEmpty, whenGrown]) {
      expect(plan).toMatch(/Index Scan using payments_pkey on payments/);
      expect(plan).not.toMatch(/Seq Scan on payments/);
    }
  });

  it('charge moves are planned per call, with the ids they move, and use the key', async () => {
    await grownTables();
    const counted = countedDatabase(db);
    const provider = createSandboxProvider(counted.db);
    const authorized = await provider.authorize({
      idempotencyKey: randomUUID(),
      orderId: randomUUID(),
      amount: { amount: 1500, currency: 'EUR' },
      paymentToken: SANDBOX_CARDS.success,
    });
    if (authorized.outcome !== 'authorized') throw new Error('expected an authorization');
    await provider.capture(authorized.providerRef, randomUUID());
    const move = moveChargesStatement([{ id: authorized.providerRef, to: 'voided', from: ['authorized'] }]);
    expect(counted.sent().find((statement) => statement.text === move.text)).toEqual({
      text: move.text,
      prepared: false,
    });

    const { rows } = await db.query<{ 'QUERY PLAN': string }>(sql`explain ${move}`);
    expect(planText(rows)).toMatch(/Index Scan using sandbox_charges_pkey/);
  });
});
