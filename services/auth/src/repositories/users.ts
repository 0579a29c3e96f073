// Accounts: the e-mail, password hash and roles a login checks. Rows are mapped once, here.
import { type Role, type SqlExecutor, sql } from '@emporium/platform';

export interface Account {
  id: string;
  email: string;
  passwordHash: string;
  roles: Role[];
  emailVerifiedAt: Date | null;
}

interface AccountRow {
  id: string;
  email: string;
  password_hash: string;
  roles: Role[];
  email_verified_at: Date | null;
}

const COLUMNS = sql.raw('id, email, password_hash, roles, email_verified_at');

const toAccount = (row: AccountRow): Account => ({
  id: row.id,
  email: row.email,
  passwordHash: row.password_hash,
  roles: row.roles,
  emailVerifiedAt: row.email_verified_at,
});

/**
 * The accounts of several e-mails (already normalized), in one statement: the logins of one turn.
 * Prepared, and read by the unique index whatever the statistics say (migrations/0006).
 */
export async function findUsersByEmails(db: SqlExecutor, emails: string[]): Promise<Account[]> {
  const { rows } = await db.query<AccountRow>(
    sql`select ${COLUMNS} from accounts_by_email(${emails}::text[])`,
    { prepare: true },
  );
  return rows.map(toAccount);
}

export async function findUserByEmail(db: SqlExecutor, email: string): Promise<Account | undefined> {
  const [account] = await findUsersByEmails(db, [email]);
  return account;
}

export async function findUserById(db: SqlExecutor, id: string): Promise<Account | undefined> {
  const { rows } = await db.query<AccountRow>(sql`select ${COLUMNS} from users where id = ${id}`);
  return rows[0] && toAccount(rows[0]);
}

/** Returns false when the e-mail is taken. */
export async function insertUser(
  db: SqlExecutor,
  user: { id: string; email: string; passwordHash: string; roles: Role[]; emailVerified: boolean },
): Promise<boolean> {
  const { rowCount } = await db.query(
    sql`insert into users (id, email, password_hash, roles, email_verified_at)
     values (${user.id}, ${user.email}, ${user.passwordHash}, ${user.roles},
       ${user.emailVerified ? sql`now()` : sql`null`})
     on conflict (email) do nothing`,
  );
  return rowCount === 1;
}

export async function updatePasswordHash(
  db: SqlExecutor,
  userId: string,
  passwordHash: string,
): Promise<void> {
  await db.query(
    sql`update users set password_hash = ${passwordHash}, updated_at = now() where id = ${userId}`,
  );
}

/** Returns true when the address was not verified before (so the event is emitted once). */
export async function markEmailVerified(db: SqlExecutor, userId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    sql`update users set email_verified_at = now(), updated_at = now()
        where id = ${userId} and email_verified_at is null`,
  );
  return rowCount === 1;
}

export async function grantRoles(db: SqlExecutor, userId: string, roles: Role[]): Promise<void> {
  await db.query(
    sql`update users set roles = array(select distinct unnest(roles || ${roles}::text[]) order by 1),
          updated_at = now()
        where id = ${userId}`,
  );
}
