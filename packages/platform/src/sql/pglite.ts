// Embedded PostgreSQL (WASM) for the quick start: same SQL, no server. A PGlite instance costs
// ~170 MB, so services running in one process share one instance per folder, each in its own
// schema (its "database"): every statement runs with that schema as its search_path.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, type Transaction, types } from '@electric-sql/pglite';
import {
  type QueryOptions,
  type QueryResult,
  queryArguments,
  type SqlDatabase,
  type SqlExecutor,
} from './database.js';
import type { SqlStatement } from './statement.js';

const parsers = { [types.INT8]: (value: string) => Number.parseInt(value, 10) };

// PostgreSQL's default 128 MB of shared buffers lives in the WebAssembly heap, which never gives
// memory back; the embedded start's data (a few MB) fits in 16 MB, and the OS caches the files
// behind it anyway. This keeps about 120 MB off the quick start's resident memory, and as much
// off a first run's initdb (which peaks near 700 MB even so).
const serverParams = {
  startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
  initDbStartParams: ['--set', 'shared_buffers=16MB'],
};
const options = { parsers, ...serverParams };

/**
 * Creates a new data folder (initdb) in a short-lived child process. PGlite's WebAssembly heap
 * never gives memory back, and initdb takes it to about 700 MB: run in this process, the quick
 * start would keep that for its whole life; in a child, the memory goes when the child exits, and
 * this process opens a finished folder as on every later start.
 */
async function initialiseInChild(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  const script = `const { PGlite } = await import(process.argv[1]);
    const db = await PGlite.create(process.argv[2], JSON.parse(process.argv[3]));
    await db.close();`;
  const args = [import.meta.resolve('@electric-sql/pglite'), dataDir, JSON.stringify(serverParams)];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk) => {
      errors += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`initdb of ${dataDir} failed (exit ${code}): ${errors}`)),
    );
  });
}

type PgliteLike = PGlite | Transaction;

function executor(db: PgliteLike): SqlExecutor {
  return {
    // PGlite runs in-process: there is no protocol round trip for a prepared statement to save.
    async query<R>(
      first: SqlStatement | string,
      second?: unknown[] | QueryOptions,
      third?: QueryOptions,
    ): Promise<QueryResult<R>> {
      const { text, values } = queryArguments(first, second, third);
      const result = await db.query<R>(text, values);
      // Like pg: a statement returning rows counts them, others count the rows they changed.
      const rowCount = result.fields.length > 0 ? result.rows.length : (result.affectedRows ?? 0);
      return { rows: result.rows, rowCount };
    },
    async exec(script: string) {
      await db.exec(script);
    },
  };
}

interface Shared {
  instance: Promise<PGlite>;
  users: number;
}
const shared = new Map<string, Shared>();

function openShared(dataDir: string): Shared {
  let entry = shared.get(dataDir);
  if (!entry) {
    mkdirSync(dataDir, { recursive: true });
    entry = { instance: initialiseInChild(dataDir).then(() => PGlite.create(dataDir, options)), users: 0 };
    shared.set(dataDir, entry);
  }
  entry.users += 1;
  return entry;
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid schema name: ${name}`);
  return `"${name}"`;
}

/** A throwaway in-memory database of its own (tests), or a persisted one in dataDir. */
export async function createPgliteDatabase(dataDir?: string): Promise<SqlDatabase> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir, options);
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

/** A service's schema inside the PGlite instance shared by every service using dataDir. */
export async function createSharedPgliteDatabase(dataDir: string, schema: string): Promise<SqlDatabase> {
  const entry = openShared(dataDir);
  const db = await entry.instance;
  const searchPath = `set local search_path to ${quoteIdent(schema)}, public`;
  await db.exec(`create schema if not exists ${quoteIdent(schema)}`);
  const inSchema = <T>(fn: (tx: Transaction) => Promise<T>) =>
    db.transaction(async (tx) => {
      await tx.exec(searchPath);
      return fn(tx);
    });
  let closed = false;
  return {
    query: <R>(first: SqlStatement | string, second?: unknown[] | QueryOptions, third?: QueryOptions) => {
      const { text, values } = queryArguments(first, second, third);
      return inSchema((tx) => executor(tx).query<R>(text, values));
    },
    exec: (script) => inSchema((tx) => executor(tx).exec(script)),
    transaction: (fn) => inSchema((tx) => fn(executor(tx))),
    async ping() {
      await db.query('select 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      entry.users -= 1;
      if (entry.users === 0) {
        shared.delete(dataDir);
        await db.close();
      }
    },
  };
}
