// The SQL store port. Two adapters: a PostgreSQL server (pg pool) and PGlite (embedded, WASM).
import { isSqlStatement, type SqlStatement } from './statement.js';

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Parse and plan the statement once per connection and reuse it (a named prepared statement):
   * for hot statements whose text never varies. List the result columns explicitly — a prepared
   * `select *` fails once a migration adds a column, until the connection is replaced.
   */
  prepare?: boolean;
}

export interface SqlExecutor {
  /** A statement built with the `sql` tag: its values are bound as parameters. */
  query<R = Record<string, unknown>>(
    statement: SqlStatement,
    options?: QueryOptions,
  ): Promise<QueryResult<R>>;
  /**
   * Text with hand-numbered parameters. Services and the platform build every statement with the
   * `sql` tag; this form remains for tests' fixtures and checks.
   */
  query<R = Record<string, unknown>>(
    text: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<R>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface SqlDatabase extends SqlExecutor {
  /** Runs fn in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** What an adapter sends, from either form of `query`'s arguments. */
export function queryArguments(
  first: SqlStatement | string,
  second?: unknown[] | QueryOptions,
  third?: QueryOptions,
): { text: string; values: unknown[]; options: QueryOptions | undefined } {
  if (isSqlStatement(first)) {
    return { text: first.text, values: [...first.values], options: second as QueryOptions | undefined };
  }
  return { text: first, values: (second as unknown[] | undefined) ?? [], options: third };
}
