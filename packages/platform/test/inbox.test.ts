import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEnvelope,
  createInboxBatcher,
  createPostgresDatabase,
  migrateEventTables,
  type SqlDatabase,
} from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

describe('inbox batcher (real PostgreSQL)', () => {
  let testDb: TestDatabase;
  let db: SqlDatabase;
  const event = (itemId: string) =>
    createEnvelope('/test', { type: 'test.item_added', data: { itemId, quantity: 1 } });
  const applied = async () =>
    (await db.query<{ n: number }>('select count(*)::int as n from effects')).rows[0]!.n;

  beforeAll(async () => {
    testDb = await createTestDatabase('kit_inbox');
    db = createPostgresDatabase({ url: testDb.url });
    await migrateEventTables(db);
    await db.exec('create table effects (event_id text primary key)');
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  const batcher = (fail = false) =>
    createInboxBatcher({
      db,
      consumer: 'effects',
      maxBatch: 10,
      effect: async (tx, e) => {
        if (fail) throw new Error('effect failed');
        await tx.query('insert into effects (event_id) values ($1)', [e.id]);
      },
    });

  it('applies each event once, including a duplicate inside the same batch', async () => {
    const apply = batcher();
    const events = Array.from({ length: 25 }, (_, i) => event(`a${i}`));
    await Promise.all([...events, events[0]!, events[1]!].map(apply));
    expect(await applied()).toBe(25);
  });

  it('ignores an event that a previous batch already applied', async () => {
    const apply = batcher();
    const again = event('again');
    await apply(again);
    const before = await applied();
    await apply(again);
    expect(await applied()).toBe(before);
  });

  it('applies a batch of new events with one set-based effect, leaving out ones already applied', async () => {
    const effectBatches: string[][] = [];
    const apply = createInboxBatcher({
      db,
      consumer: 'effects',
      maxBatch: 10,
      effects: async (tx, events) => {
        effectBatches.push(events.map((e) => e.id));
        await tx.query('insert into effects (event_id) select unnest($1::text[])', [events.map((e) => e.id)]);
      },
    });
    const seen = event('seen');
    await apply(seen);
    const before = await applied();
    const fresh = Array.from({ length: 9 }, (_, i) => event(`b${i}`));
    await Promise.all([seen, ...fresh, fresh[0]!].map(apply));
    expect(await applied()).toBe(before + 9);
    expect(effectBatches.at(-1)?.sort()).toEqual(fresh.map((e) => e.id).sort());
  });

  it('fails every event of a batch whose transaction fails, leaving no inbox record', async () => {
    const doomed = event('doomed');
    await expect(batcher(true)(doomed)).rejects.toThrow('effect failed');
    const { rowCount } = await db.query('select 1 from event_inbox where event_id = $1', [doomed.id]);
    expect(rowCount).toBe(0);
    await batcher()(doomed);
    const { rowCount: afterRetry } = await db.query('select 1 from effects where event_id = $1', [doomed.id]);
    expect(afterRetry).toBe(1);
  });
});
