// The SQL store port. Two adapters: a PostgreSQL server (pg pool) and PGlite (embedded, WASM).

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
