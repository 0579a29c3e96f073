// Migration 0002 on profiles stored in the old shape ({ email, inApp } × { orderUpdates, marketing }).
import { randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventSchemas } from '@emporium/contracts';
import {
  migrateEventTables,
  openSqlDatabase,
  runMigrations,
  type SqlDatabase,
  sql,
  validateEnvelope,
} from '@emporium/platform';
import { createTestDatabase, type TestDatabase } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

describe('reshaping stored preferences (0002)', () => {
  let database: TestDatabase;
  let db: SqlDatabase;
  const ids = { orderUpdatesOff: randomUUID(), orderUpdatesOn: randomUUID(), neverSet: randomUUID() };

  beforeAll(async () => {
    database = await createTestDatabase('user_migration');
    db = await openSqlDatabase(database.url);
    await migrateEventTables(db);
    // The database as it was before 0002: only 0001 applied, with profiles in the old shape.
    const before = await mkdtemp(join(tmpdir(), 'user-migrations-'));
    await copyFile(join(MIGRATIONS, '0001_init.sql'), join(before, '0001_init.sql'));
    await runMigrations(db, before);
    await rm(before, { recursive: true });
    const insert = (id: string, preferences: object) =>
      db.query(
        sql`insert into profiles (user_id, email, preferences) values (${id}, ${`${id}@example.com`}, ${JSON.stringify(preferences)}::jsonb)`,
      );
    await insert(ids.orderUpdatesOff, {
      email: { orderUpdates: false, marketing: true },
      inApp: { orderUpdates: false },
    });
    await insert(ids.orderUpdatesOn, { email: { orderUpdates: true, marketing: false }, inApp: {} });
    await insert(ids.neverSet, {});

    expect(await runMigrations(db, MIGRATIONS)).toContain('0002_preferences_by_kind.sql');
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  const stored = async (id: string) =>
    (
      await db.query<{ preferences: object; version: number }>(
        sql`select preferences, preferences_version as version from profiles where user_id = ${id}`,
      )
    ).rows[0];

  it('turns order updates off into the three order e-mails off, counted as a change', async () => {
    expect(await stored(ids.orderUpdatesOff)).toEqual({
      preferences: { email: { order_cancelled: false, payment_failed: false, order_shipped: false } },
      version: 1,
    });
  });

  it('drops marketing, in-app and switches that were on', async () => {
    expect(await stored(ids.orderUpdatesOn)).toEqual({ preferences: {}, version: 0 });
    expect(await stored(ids.neverSet)).toEqual({ preferences: {}, version: 0 });
  });

  it('publishes the change it made through the outbox, valid for consumers', async () => {
    const { rows } = await db.query<{ type: string; envelope: unknown }>(
      'select type, envelope from event_outbox',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.type).toBe('user.preferences_changed');
    const envelope = validateEnvelope(eventSchemas, rows[0]!.envelope);
    expect(envelope).toMatchObject({ source: '/services/user', subject: ids.orderUpdatesOff });
    expect(envelope.data).toEqual({
      userId: ids.orderUpdatesOff,
      version: 1,
      email: { email_verified: true, order_cancelled: false, payment_failed: false, order_shipped: false },
    });
  });
});
