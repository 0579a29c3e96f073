// Logins and refreshes find accounts, families and tokens by key in a new database too. A
// connection keeps the plans of accounts_by_email, open_sessions and rotate_refresh_tokens, and of
// the foreign-key checks they run, until the tables are analyzed again: plans made on a few rows,
// where a sequential scan is cheapest, outlived the emptiness they were made for, and every login
// and refresh scanned whole, growing tables (migrations/0004, 0005 and 0006).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  createPostgresDatabase,
  runMigrations,
  type SqlDatabase,
  type SqlExecutor,
  sql,
} from '@emporium/platform';
import { createTestDatabase, type TestDatabase } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertFamiliesWithTokens, rotateRefreshTokens } from '../src/repositories/refresh-tokens.js';
import { findUserByEmail, findUsersByEmails } from '../src/repositories/users.js';

const TABLES = ['users', 'refresh_families', 'refresh_tokens'];
let database: TestDatabase;
/** One connection: the plans it keeps are the point. */
let session: SqlDatabase;
let other: SqlDatabase;

beforeAll(async () => {
  database = await createTestDatabase('auth_plans');
  session = createPostgresDatabase({ url: database.url, maxConnections: 1 });
  other = createPostgresDatabase({ url: database.url, maxConnections: 1 });
  await runMigrations(other, fileURLToPath(new URL('../migrations', import.meta.url)));
  // Autovacuum would analyze the grown tables at a moment of its own; here the test decides.
  for (const table of TABLES) await other.exec(`alter table ${table} set (autovacuum_enabled = off)`);
});
afterAll(async () => {
  await session.close();
  await other.close();
  await database.drop();
});

const sha256 = () => createHash('sha256').update(randomBytes(32)).digest();
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000);

/** `count` accounts, each signed in once, written directly: their ids and live token hashes. */
async function signIn(count: number): Promise<{ userIds: string[]; tokens: Buffer[] }> {
  const userIds = Array.from({ length: count }, () => randomUUID());
  const tokens = userIds.map(() => sha256());
  await other.query(
    sql`with account as (
       insert into users (id, email, password_hash, roles)
       select id, id || '@example.com', 'not a hash', array['customer'] from unnest(${userIds}::uuid[]) id
       returning id),
     family as (
       insert into refresh_families (id, user_id) select gen_random_uuid(), id from account returning id, user_id)
     insert into refresh_tokens (token_hash, family_id, expires_at)
     select t.hash, f.id, now() + interval '30 days'
     from family f join unnest(${userIds}::uuid[], ${tokens}::bytea[]) t (user_id, hash) on t.user_id = f.user_id`,
  );
  return { userIds, tokens };
}

/** Reads `userId`'s account by e-mail, opens a session for it and rotates `tokens`, as the service does. */
async function loginAndRefresh(tx: SqlExecutor, userId: string, tokens: Buffer[]): Promise<number> {
  const email = `${userId}@example.com`;
  const [account] = await findUsersByEmails(tx, [email]);
  if (account?.id !== userId) throw new Error(`account ${userId} not found by its e-mail`);
  if ((await findUserByEmail(tx, email))?.id !== userId) throw new Error(`account ${userId} not read alone`);
  await insertFamiliesWithTokens(tx, [
    { familyId: randomUUID(), userId, tokenHash: sha256(), expiresAt: inAMonth() },
  ]);
  const rotated = await rotateRefreshTokens(
    tx,
    tokens.map((token) => ({ presentedHash: token, successorHash: sha256(), expiresAt: inAMonth() })),
  );
  return rotated.filter((session) => session !== undefined).length;
}

/** Rows each table had read by sequential scans in this transaction so far. */
async function seqRowsRead(tx: SqlExecutor): Promise<Record<string, number>> {
  // The transaction's own counts, before they are merged into the cumulative statistics.
  const { rows } = await tx.query<{ relname: string; seq_tup_read: number }>(
    sql`select relname, seq_tup_read from pg_stat_xact_user_tables where relname = any(${TABLES})`,
  );
  return Object.fromEntries(rows.map((row) => [row.relname, row.seq_tup_read]));
}

describe('login and refresh statements in a new database', () => {
  it('read by key in the plans a connection made while the tables were small, after they grew', async () => {
    const first = await signIn(5);
    await other.exec('analyze users; analyze refresh_families; analyze refresh_tokens');
    // The kept (generic) plans from the first call on, as a connection ends up with after five.
    await session.exec('set plan_cache_mode = force_generic_plan');
    const rotatedWhenSmall = await session.transaction((tx) =>
      loginAndRefresh(tx, first.userIds[0]!, first.tokens.slice(0, 2)),
    );
    expect(rotatedWhenSmall).toBe(2);

    await signIn(5000);
    const whenGrown = await session.transaction(async (tx) => ({
      rotated: await loginAndRefresh(tx, first.userIds[1]!, first.tokens.slice(2)),
      read: await seqRowsRead(tx),
    }));
    expect(whenGrown.rotated).toBe(3);
    expect(whenGrown.read).toEqual({ users: 0, refresh_families: 0, refresh_tokens: 0 });
  });

  it('still lets a token be exchanged only once', async () => {
    const { userIds, tokens } = await signIn(1);
    const rotated = await session.transaction((tx) =>
      loginAndRefresh(tx, userIds[0]!, [tokens[0]!, tokens[0]!]),
    );
    expect(rotated).toBe(1);
  });
});
