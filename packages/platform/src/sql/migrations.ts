// Forward-only SQL migrations from a folder of committed files (0001_init.sql, 0002_...sql).
// Each file runs in its own transaction under an advisory lock, so replicas starting together
// apply each migration exactly once.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlDatabase } from './database.js';
import { sql } from './statement.js';

const LOCK_ID = 4_242_001;

/** namespace keeps the platform's own migrations apart from a service's in schema_migrations. */
export async function runMigrations(db: SqlDatabase, folder: string, namespace = ''): Promise<string[]> {
  // Every start runs this for every service, and nearly always finds nothing to do: one look at
  // what is recorded lets it skip the recorded files without a transaction each (on the embedded
  // start that was some 60 transactions of PGlite's on the way to ready). A version is never
  // unrecorded, so a file found recorded here is done; the others are checked again under the lock.
  const recorded = await db.transaction(async (tx) => {
    await tx.query(sql`select pg_advisory_xact_lock(${LOCK_ID})`);
    await tx.exec(`create table if not exists schema_migrations (
      version text primary key,
      applied_at timestamptz not null default now()
    )`);
    const { rows } = await tx.query<{ version: string }>(sql`select version from schema_migrations`);
    return new Set(rows.map((row) => row.version));
  });
  const files = (await readdir(folder)).filter((name) => name.endsWith('.sql')).sort();
  const applied: string[] = [];
  for (const name of files) {
    const file = namespace ? `${namespace}/${name}` : name;
    if (recorded.has(file)) continue;
    const script = await readFile(join(folder, name), 'utf8');
    const ran = await db.transaction(async (tx) => {
      await tx.query(sql`select pg_advisory_xact_lock(${LOCK_ID})`);
      const done = await tx.query(sql`select 1 from schema_migrations where version = ${file}`);
      if (done.rowCount > 0) return false;
      await tx.exec(script);
      await tx.query(sql`insert into schema_migrations (version) values (${file})`);
      return true;
    });
    if (ran) applied.push(file);
  }
  return applied;
}
