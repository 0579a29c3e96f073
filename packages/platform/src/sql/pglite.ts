// Embedded PostgreSQL (WASM) for the quick start: same SQL, no server. One connection, so
// transactions are serialised by PGlite itself.
import { PGlite, types } from '@electric-sql/pglite';
import type { QueryResult, SqlDatabase, SqlExecutor } from './database.js';

const parsers = { [types.INT8]: (value: string) => Number.parseInt(value, 10) };

interface PgliteLike {
  query<R>(
    text: string,
    params?: unknown[],
  ): Promise<{ rows: R[]; affectedRows?: number; fields: unknown[] }>;
  exec(script: string): Promise<unknown>;
}

function executor(db: PgliteLike): SqlExecutor {
  return {
    async query<R>(text: string, params?: unknown[]): Promise<QueryResult<R>> {
      const result = await db.query<R>(text, params);
      // Like pg: a statement returning rows counts them, others count the rows they changed.
      const rowCount = result.fields.length > 0 ? result.rows.length : (result.affectedRows ?? 0);
      return { rows: result.rows, rowCount };
    },
    async exec(script: string) {
      await db.exec(script);
    },
  };
}

/** dataDir: a folder to persist into, or undefined for a throwaway in-memory database. */
export async function createPgliteDatabase(dataDir?: string): Promise<SqlDatabase> {
  const db = await PGlite.create(dataDir, { parsers });
  return {
    ...executor(db),
    transaction: (fn) => db.transaction((tx) => fn(executor(tx))),
    async ping() {
      await db.query('select 1');
    },
    async close() {
      await db.close();
    },
  };
}
