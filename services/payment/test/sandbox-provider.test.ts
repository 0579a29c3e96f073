// The sandbox provider's books under calls that arrive together: they share statements, and each
// call still gets the answer it would get alone.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { openSqlDatabase, runMigrations, type SqlDatabase, sql } from '@emporium/platform';
import { createTestDatabase, type TestDatabase } from '@emporium/platform/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PaymentProvider } from '../src/providers/provider.js';
import { createSandboxProvider, SANDBOX_CARDS } from '../src/providers/sandbox-provider.js';
import { countedDatabase } from './support/counted-database.js';

let database: TestDatabase;
let db: SqlDatabase;
let provider: PaymentProvider;
let counted: ReturnType<typeof countedDatabase>;

beforeAll(async () => {
  database = await createTestDatabase('payment_sandbox_batch');
  db = await openSqlDatabase(database.url);
  await runMigrations(db, fileURLToPath(new URL('../migrations', import.meta.url)));
  counted = countedDatabase(db);
  provider = createSandboxProvider(counted.db);
});
afterAll(async () => {
  await db.close();
  await database.drop();
});
beforeEach(() => counted.reset());

const request = (idempotencyKey = randomUUID(), paymentToken: string = SANDBOX_CARDS.success) => ({
  idempotencyKey,
  orderId: randomUUID(),
  amount: { amount: 1500, currency: 'EUR' },
  paymentToken,
});

async function authorized(): Promise<string> {
  const outcome = await provider.authorize(request());
  if (outcome.outcome !== 'authorized') throw new Error('expected an authorization');
  return outcome.providerRef;
}

const statusOf = async (id: string) =>
  (await db.query<{ status: string }>(sql`select status from sandbox_charges where id = ${id}`)).rows[0]
    ?.status;

describe('sandbox provider, calls arriving together', () => {
  it('authorizes them with one statement; a key asked twice charges once', async () => {
    const repeated = randomUUID();
    const outcomes = await Promise.all([
      provider.authorize(request()),
      provider.authorize(request(repeated)),
      provider.authorize(request(repeated)),
      provider.authorize(request(randomUUID(), SANDBOX_CARDS.insufficientFunds)),
    ]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['authorized', 'authorized', 'authorized', 'declined']);
    expect(outcomes[3]).toMatchObject({ code: 'insufficient_funds' });
    // The repeated key replays its first charge, found by the one extra read it needs.
    expect(outcomes[2]!.providerRef).toBe(outcomes[1]!.providerRef);
    expect(counted.statements()).toBe(2);
    const { rows } = await db.query<{ n: number }>(
      sql`select count(*)::int as n from sandbox_charges where idempotency_key = ${repeated}`,
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('captures several charges with one statement, a repeated capture included', async () => {
    const [a, b] = [await authorized(), await authorized()];
    counted.reset();
    await Promise.all([
      provider.capture(a, randomUUID()),
      provider.capture(b, randomUUID()),
      provider.capture(b, randomUUID()),
    ]);
    // The repeated capture of b goes after the batch, on its own: two statements for three captures.
    expect(counted.statements()).toBe(2);
    expect(await statusOf(a)).toBe('captured');
    expect(await statusOf(b)).toBe('captured');
  });

  it('lets only one of a capture and a void of the same charge in one moment succeed', async () => {
    const charge = await authorized();
    const [capture, voided] = await Promise.allSettled([
      provider.capture(charge, randomUUID()),
      provider.void(charge, randomUUID()),
    ]);
    expect(capture.status).toBe('fulfilled');
    expect(voided).toMatchObject({ status: 'rejected', reason: { name: 'ProviderRejectedError' } });
    expect(await statusOf(charge)).toBe('captured');
  });

  it('refuses a capture of a charge that is no longer authorized, and its neighbours still move', async () => {
    const [voidedCharge, good] = [await authorized(), await authorized()];
    await provider.void(voidedCharge, randomUUID());
    const [refused, captured] = await Promise.allSettled([
      provider.capture(voidedCharge, randomUUID()),
      provider.capture(good, randomUUID()),
    ]);
    expect(refused.status).toBe('rejected');
    expect(captured.status).toBe('fulfilled');
    expect(await statusOf(good)).toBe('captured');
  });
});
