import type { Role, SqlExecutor } from '@emporium/platform';

export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  roles: Role[];
  email_verified_at: Date | null;
}

const COLUMNS = 'id, email, password_hash, roles, email_verified_at';

/**
 * The accounts of several e-mails (already normalized), in one statement: the logins of one turn.
 * Prepared, and read by the unique index whatever the statistics say (migrations/0006).
 */
export async function findUsersByEmails(db: SqlExecutor, emails: string[]): Promise<UserRow[]> {
  const { rows } = await db.query<UserRow>(`select ${COLUMNS} from accounts_by_email($1::text[])`, [emails], {
    prepare: true,
  });
  return rows;
}

export async function findUserByEmail(db: SqlExecutor, email: string): Promise<UserRow | undefined> {
  const [row] = await findUsersByEmails(db, [email]);
  return row;
}

export async function findUserById(db: SqlExecutor, id: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`select ${COLUMNS} from users where id = $1`, [id]);
  return rows[0];
}

/** Returns false when the e-mail is taken. */
export async function insertUser(
  db: SqlExecutor,
  user: { id: string; email: string; passwordHash: string; roles: Role[]; emailVerified: boolean },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into users (id, email, password_hash, roles, email_verified_at)
     values ($1, $2, $3, $4, case when $5::boolean then now() end)
     on conflict (email) do nothing`,
    [user.id, user.email, user.passwordHash, user.roles, user.emailVerified],
  );
  return rowCount === 1;
}

export async function updatePasswordHash(
  db: SqlExecutor,
  userId: string,
  passwordHash: string,
): Promise<void> {
  await db.query('update users set password_hash = $2, updated_at = now() where id = $1', [
    userId,
    passwordHash,
  ]);
}

/** Returns true when the address was not verified before (so the event is emitted once). */
export async function markEmailVerified(db: SqlExecutor, userId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'update users set email_verified_at = now(), updated_at = now() where id = $1 and email_verified_at is null',
    [userId],
  );
  return rowCount === 1;
}

export async function grantRoles(db: SqlExecutor, userId: string, roles: Role[]): Promise<void> {
  await db.query(
    `update users set roles = array(select distinct unnest(roles || $2::text[]) order by 1), updated_at = now()
     where id = $1`,
    [userId, roles],
  );
}
