// One contract suite for every SqlDatabase adapter (PostgreSQL server, PGlite).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../sql/database.js';
import { sql } from '../sql/statement.js';

export function describeSqlDatabaseContract(
  adapter: string,
  open: () => Promise<{ db: SqlDatabase; dispose: () => Promise<void> }>,
): void {
  describe(`SqlDatabase contract: ${adapter}`, () => {
    let db: SqlDatabase;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ db, dispose } = await open());
      await db.exec(
        'create table accounts (id text primary key, balance bigint not null check (balance >= 0))',
      );
    });
    afterAll(async () => dispose());

    it('returns rows with int8 columns as numbers', async () => {
      await db.query('insert into accounts values ($1, $2)', ['a', 100]);
      const { rows } = await db.query<{ balance: number }>('select balance from accounts where id = $1', [
        'a',
      ]);
      expect(rows).toEqual([{ balance: 100 }]);
    });

    it('binds the values of a sql statement, fragments included, as parameters', async () => {
      const hostile = "z'); drop table accounts; --";
      await db.query(sql`insert into accounts values (${hostile}, ${7})`);
      const onlyPositive = sql`balance > ${0}`;
      const { rows } = await db.query<{ id: string; balance: number }>(
        sql`select id, balance from accounts where ${onlyPositive} and id = any(${[hostile, 'none']})`,
        { prepare: true },
      );
      expect(rows).toEqual([{ id: hostile, balance: 7 }]);
      await db.query(sql`delete from accounts where id = ${hostile}`);
    });

    it('commits a transaction that resolves', async () => {
      await db.transaction(async (tx) => {
        await tx.query('insert into accounts values ($1, $2)', ['b', 5]);
      });
      const { rowCount } = await db.query('select 1 from accounts where id = $1', ['b']);
      expect(rowCount).toBe(1);
    });

    it('rolls back every statement of a transaction that throws', async () => {
      await expect(
        db.transaction(async (tx) => {
          await tx.query('insert into accounts values ($1, $2)', ['c', 1]);
          await tx.query('update accounts set balance = balance - 1000 where id = $1', ['a']);
        }),
      ).rejects.toThrow();
      const { rowCount } = await db.query('select 1 from accounts where id = $1', ['c']);
      expect(rowCount).toBe(0);
      const { rows } = await db.query<{ balance: number }>('select balance from accounts where id = $1', [
        'a',
      ]);
      expect(rows[0]?.balance).toBe(100);
    });

    it('runs a prepared statement again and again, with other parameters, also inside transactions', async () => {
      const balance = 'select balance from accounts where id = $1';
      const read = async (id: string) =>
        (await db.query<{ balance: number }>(balance, [id], { prepare: true })).rows[0]?.balance;
      // More reads than the pool has connections, so several connections prepare it.
      const reads = await Promise.all(Array.from({ length: 24 }, (_, i) => read(i % 2 ? 'a' : 'b')));
      expect(reads).toEqual(Array.from({ length: 24 }, (_, i) => (i % 2 ? 100 : 5)));
      const inside = await db.transaction(async (tx) => {
        await tx.query('update accounts set balance = balance + 2 where id = $1', ['b'], { prepare: true });
        return (await tx.query<{ balance: number }>(balance, ['b'], { prepare: true })).rows[0]?.balance;
      });
      expect(inside).toBe(7);
      await db.query('update accounts set balance = balance - 2 where id = $1', ['b'], { prepare: true });
      expect(await read('b')).toBe(5);
    });

    it('reports affected row counts for updates', async () => {
      const result = await db.query('update accounts set balance = balance + 1 where id in ($1, $2)', [
        'a',
        'b',
      ]);
      expect(result.rowCount).toBe(2);
    });

    it('runs multi-statement scripts', async () => {
      await db.exec(
        'create table notes (id int primary key); insert into notes values (1); insert into notes values (2);',
      );
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from notes');
      expect(rows[0]?.n).toBe(2);
    });

    it('answers ping', async () => {
      await expect(db.ping()).resolves.toBeUndefined();
    });
  });
}
