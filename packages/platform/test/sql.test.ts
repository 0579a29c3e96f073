import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createPgliteDatabase,
  createPostgresDatabase,
  createSharedPgliteDatabase,
  runMigrations,
} from '../src/index.js';
import { createTestDatabase, describeSqlDatabaseContract } from '../src/testing/index.js';

describeSqlDatabaseContract('PostgreSQL server', async () => {
  const testDb = await createTestDatabase('kit_sql');
  const db = createPostgresDatabase({ url: testDb.url });
  return {
    db,
    dispose: async () => {
      await db.close();
      await testDb.drop();
    },
  };
});

describeSqlDatabaseContract('PGlite', async () => {
  const db = await createPgliteDatabase();
  return { db, dispose: () => db.close() };
});

describeSqlDatabaseContract('PGlite, one schema of a shared instance', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pglite-shared-'));
  const db = await createSharedPgliteDatabase(dir, 'orders');
  return { db, dispose: () => db.close() };
});

describe('shared PGlite instance', () => {
  it('keeps each service in its own schema', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pglite-shared-'));
    const auth = await createSharedPgliteDatabase(dir, 'auth');
    const order = await createSharedPgliteDatabase(dir, 'order_service');
    try {
      await auth.exec('create table items (name text)');
      await order.exec('create table items (name text)');
      await auth.query('insert into items values ($1)', ['credential']);
      const { rows } = await order.query('select * from items');
      expect(rows).toEqual([]);
      await runMigrations(auth, await migrationFolder());
      await runMigrations(order, await migrationFolder());
      expect((await order.query('select version from schema_migrations')).rowCount).toBe(1);
    } finally {
      await auth.close();
      await order.close();
    }
  });
});

async function migrationFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'migrations-'));
  await writeFile(join(folder, '0001_init.sql'), 'create table notes (id int primary key);');
  return folder;
}

describe('runMigrations', () => {
  it('applies each file once, even when replicas race', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'migrations-'));
    await writeFile(join(folder, '0001_init.sql'), 'create table items (id int primary key);');
    await writeFile(join(folder, '0002_seed.sql'), 'insert into items values (1);');
    const testDb = await createTestDatabase('kit_migrate');
    const replicas = [
      createPostgresDatabase({ url: testDb.url }),
      createPostgresDatabase({ url: testDb.url }),
    ];
    try {
      const results = await Promise.all(replicas.map((db) => runMigrations(db, folder)));
      expect(results.flat().sort()).toEqual(['0001_init.sql', '0002_seed.sql']);
      expect(await runMigrations(replicas[0]!, folder)).toEqual([]);
      const { rows } = await replicas[0]!.query<{ n: number }>('select count(*)::int as n from items');
      expect(rows[0]?.n).toBe(1);
    } finally {
      await Promise.all(replicas.map((db) => db.close()));
      await testDb.drop();
    }
  });

  it('opens a transaction only for files not yet recorded, besides one to read the record', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'migrations-'));
    await writeFile(join(folder, '0001_init.sql'), 'create table items (id int primary key);');
    await writeFile(join(folder, '0002_seed.sql'), 'insert into items values (1);');
    const db = await createPgliteDatabase();
    let transactions = 0;
    const counted: typeof db = {
      ...db,
      transaction: (fn) => {
        transactions += 1;
        return db.transaction(fn);
      },
    };
    try {
      expect(await runMigrations(counted, folder)).toEqual(['0001_init.sql', '0002_seed.sql']);
      transactions = 0;
      await writeFile(join(folder, '0003_more.sql'), 'insert into items values (2);');
      expect(await runMigrations(counted, folder)).toEqual(['0003_more.sql']);
      expect(transactions).toBe(2);
      transactions = 0;
      expect(await runMigrations(counted, folder)).toEqual([]);
      expect(transactions).toBe(1);
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from items');
      expect(rows[0]?.n).toBe(2);
    } finally {
      await db.close();
    }
  });
});

describe('PostgreSQL transactions', () => {
  it('fail, without ending the process, when the server ends the session mid-transaction', async () => {
    const testDb = await createTestDatabase('sql_lost');
    const db = createPostgresDatabase({ url: testDb.url });
    const admin = createPostgresDatabase({ url: testDb.url });
    try {
      const outcome = db.transaction(async (tx) => {
        const { rows } = await tx.query<{ pid: number }>('select pg_backend_pid() as pid');
        await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
        // Give the server's goodbye time to arrive while nothing is being asked of the connection.
        await new Promise((resolve) => setTimeout(resolve, 200));
        await tx.query('select 1');
      });
      await expect(outcome).rejects.toThrow();
      // The pool replaced the lost connection.
      expect((await db.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
      await admin.close();
      await testDb.drop();
    }
  });
});
