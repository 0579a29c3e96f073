// Logins work in batches: a session waits while password checks are queued for the hash threads,
// so that their sessions share its statement and commit (sessions/session-opener.ts), and the logins that
// arrive in one turn read their accounts in one statement (sessions/login-accounts.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import {
  createPostgresDatabase,
  type QueryOptions,
  type SqlDatabase,
  type SqlExecutor,
  type SqlStatement,
  sql,
} from '@emporium/platform';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewSession } from '../src/repositories/refresh-tokens.js';
import { createLoginAccountReader } from '../src/sessions/login-accounts.js';
import { createSessionOpener } from '../src/sessions/session-opener.js';
import { type AuthHarness, startAuthHarness } from './harness.js';

let auth: AuthHarness;
let db: SqlDatabase;
/** The sessions (or e-mails) of each statement sent, in order. */
let statements: number[];
/** The service's database, counting the sessions or e-mails each statement is for. */
let counted: SqlExecutor;
let accounts: string[];
let emails: string[];

beforeAll(async () => {
  auth = await startAuthHarness();
  db = createPostgresDatabase({ url: auth.databaseUrl, maxConnections: 2 });
  counted = {
    // The batchers send statements whose first parameter is the batch's array.
    query: ((statement: SqlStatement, options?: QueryOptions) => {
      statements.push((statement.values[0] as unknown[] | undefined)?.length ?? 0);
      return db.query(statement, options);
    }) as SqlExecutor['query'],
    exec: (script) => db.exec(script),
  };
  const registered = await Promise.all([auth.register(), auth.register()]);
  accounts = registered.map((session) => session.user.id);
  emails = registered.map((session) => session.user.email);
});
beforeEach(() => {
  statements = [];
});
afterAll(async () => {
  await db.close();
  await auth.close();
});

const newSession = (userId: string): NewSession => ({
  familyId: randomUUID(),
  userId,
  tokenHash: randomBytes(32),
  expiresAt: new Date(Date.now() + 86_400_000),
});
/** Which of the sessions' families are in the database. */
async function stored(sessions: NewSession[]): Promise<boolean[]> {
  const { rows } = await db.query<{ id: string }>(
    sql`select f.id from refresh_families f join refresh_tokens t on t.family_id = f.id where f.id = any(${sessions.map((s) => s.familyId)}::uuid[])`,
  );
  return sessions.map((s) => rows.some((row) => row.id === s.familyId));
}
const deferred = () => {
  let resolve!: (value: boolean) => void;
  const promise = new Promise<boolean>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe('login sessions written in batches', () => {
  it("writes a lone login's session at once, without waiting for the window", async () => {
    const opener = createSessionOpener(counted, { hashThreads: 1, windowMs: 600_000, maxBatch: 64 });
    const session = newSession(accounts[0]!);
    const written = await Promise.race([
      opener.open(session).then(() => 'written'),
      new Promise((r) => setTimeout(r, 3000, 'waited')),
    ]);
    expect(written).toBe('written');
    expect(statements).toEqual([1]);
    expect(await stored([session])).toEqual([true]);
  });

  it('does not hold a session while every other check has a hash thread', async () => {
    const opener = createSessionOpener(counted, { hashThreads: 2, windowMs: 600_000, maxBatch: 64 });
    void opener.checking(deferred().promise);
    const session = newSession(accounts[0]!);
    await opener.open(session);
    expect(statements).toEqual([1]);
    expect(await stored([session])).toEqual([true]);
  });

  it('holds sessions while checks are queued, then writes them in one statement', async () => {
    const opener = createSessionOpener(counted, { hashThreads: 1, windowMs: 600_000, maxBatch: 64 });
    const running = deferred();
    const checking = opener.checking(running.promise);
    void opener.checking(deferred().promise);
    const sessions = [newSession(accounts[0]!), newSession(accounts[1]!)];
    const opened = Promise.all(sessions.map((s) => opener.open(s)));
    await turns(5);
    expect(statements).toEqual([]);
    expect(await stored(sessions)).toEqual([false, false]);

    // One check left, and a thread for it: nothing is queued any more.
    running.resolve(true);
    expect(await checking).toBe(true);
    await opened;
    expect(statements).toEqual([2]);
    expect(await stored(sessions)).toEqual([true, true]);
  });

  it('stops holding when the window closes, even if the queue never clears', async () => {
    const opener = createSessionOpener(counted, { hashThreads: 1, windowMs: 20, maxBatch: 64 });
    void opener.checking(deferred().promise);
    void opener.checking(deferred().promise);
    const session = newSession(accounts[1]!);
    await opener.open(session);
    expect(statements).toEqual([1]);
    expect(await stored([session])).toEqual([true]);
  });

  it('fails only the login whose session cannot be written, not the others of its batch', async () => {
    const opener = createSessionOpener(counted, { hashThreads: 1, windowMs: 600_000, maxBatch: 64 });
    const running = deferred();
    void opener.checking(running.promise);
    void opener.checking(deferred().promise);
    const good = newSession(accounts[0]!);
    // An account deleted while its password was being checked: the family's foreign key refuses it.
    const gone = newSession(randomUUID());
    const results = Promise.allSettled([opener.open(good), opener.open(gone)]);
    running.resolve(false);
    const [goodResult, goneResult] = await results;
    expect(goodResult.status).toBe('fulfilled');
    expect(goneResult).toMatchObject({ status: 'rejected', reason: { code: '23503' } });
    expect(statements).toEqual([2, 1, 1]);
    expect(await stored([good, gone])).toEqual([true, false]);
  });
});

describe('login account reads in batches', () => {
  it('reads the accounts of the logins of one turn in one statement, each login its own', async () => {
    const read = createLoginAccountReader(counted);
    const [first, unknown, second, firstAgain] = await Promise.all([
      read(emails[0]!),
      read('nobody-here@example.com'),
      read(emails[1]!),
      read(emails[0]!),
    ]);
    expect(statements).toEqual([4]);
    expect([first?.id, unknown, second?.id, firstAgain?.id]).toEqual([
      accounts[0],
      undefined,
      accounts[1],
      accounts[0],
    ]);
    expect(first?.passwordHash).toMatch(/^\$argon2id\$/);
  });
});
