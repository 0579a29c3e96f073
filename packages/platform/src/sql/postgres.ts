import { createHash } from 'node:crypto';
import type pg from 'pg';
import { loadOnFirstUse } from '../load-on-first-use.js';
import {
  type QueryOptions,
  type QueryResult,
  queryArguments,
  type SqlDatabase,
  type SqlExecutor,
} from './database.js';
import type { SqlStatement } from './statement.js';

const loadPg = loadOnFirstUse<typeof import('pg')>('pg');
let parsersSet = false;

function driver(): typeof import('pg') {
  const loaded = loadPg();
  if (!parsersSet) {
    // bigint (int8) and numeric come back as strings by default; counts and money are int8 here
    // and fit in a JS number far beyond any realistic amount, so parse them as numbers.
    loaded.types.setTypeParser(20, (value) => Number.parseInt(value, 10));
    parsersSet = true;
  }
  return loaded;
}

// A prepared statement's name is derived from its text, so every connection (pg keeps the
// statements it has prepared per connection) prepares it on first use under the same name.
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `s_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

function executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    async query<R>(
      first: SqlStatement | string,
      second?: unknown[] | QueryOptions,
      third?: QueryOptions,
    ): Promise<QueryResult<R>> {
      const { text, values, options } = queryArguments(first, second, third);
      const result = options?.prepare
        ? await client.query({ name: statementName(text), text, values })
        : await client.query(text, values);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    async exec(script: string) {
      await client.query(script);
    },
  };
}

export interface PostgresOptions {
  url: string;
  maxConnections?: number;
  applicationName?: string;
}

export function createPostgresDatabase(options: PostgresOptions): SqlDatabase {
  const pool = new (driver().Pool)({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
  });
  // A dropped idle connection (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const base = executor(pool);
  return {
    ...base,
    async transaction(fn) {
      const client = await pool.connect();
      // A checked-out connection has no listener of the pool's: without this one, the server
      // ending the session mid-transaction (restart, terminated backend) would be an uncaught
      // error that ends the process. The transaction fails instead, and the connection is dropped.
      let lost: Error | undefined;
      const onError = (error: Error) => {
        lost = error;
      };
      client.on('error', onError);
      try {
        await client.query('begin');
        const result = await fn(executor(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.off('error', onError);
        client.release(lost);
      }
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      await pool.end();
    },
  };
}
