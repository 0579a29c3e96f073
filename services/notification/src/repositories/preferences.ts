// Which optional kinds a user receives by e-mail: a copy of the switches in the user's profile
// (user service), kept from user.preferences_changed. No row means "yes".
import { type EmailSwitches, optionalEmailKinds } from '@emporium/contracts/notification';
import { type SqlExecutor, sql } from '@emporium/platform';

export async function emailPreferencesOf(db: SqlExecutor, userId: string): Promise<EmailSwitches> {
  const { rows } = await db.query<{ kind: string; enabled: boolean }>(
    sql`select kind, enabled from email_preferences where user_id = ${userId}`,
  );
  const stored = new Map(rows.map((row) => [row.kind, row.enabled]));
  return Object.fromEntries(
    optionalEmailKinds.map((kind) => [kind, stored.get(kind) ?? true]),
  ) as EmailSwitches;
}

export async function isEmailEnabled(tx: SqlExecutor, userId: string, kind: string): Promise<boolean> {
  const { rows } = await tx.query<{ enabled: boolean }>(
    sql`select enabled from email_preferences where user_id = ${userId} and kind = ${kind}`,
  );
  return rows[0]?.enabled ?? true;
}

/**
 * Replaces the user's switches with those of a newer version; changes nothing when the copy
 * already has this version or a later one.
 */
export async function copyEmailPreferences(
  tx: SqlExecutor,
  change: { userId: string; email: EmailSwitches; version: number },
): Promise<void> {
  // The upsert locks the user's version row, so two changes applied at once take turns, and the
  // second sees the first's version.
  const newer = await tx.query(
    sql`insert into preference_versions (user_id, version) values (${change.userId}, ${change.version})
     on conflict (user_id) do update set version = excluded.version, updated_at = now()
       where preference_versions.version < excluded.version
     returning version`,
  );
  if (newer.rowCount === 0) return;
  const enabled = optionalEmailKinds.map((kind) => change.email[kind]);
  await tx.query(
    sql`insert into email_preferences (user_id, kind, enabled)
     select ${change.userId}, kind, enabled
     from unnest(${optionalEmailKinds}::text[], ${enabled}::boolean[]) as s(kind, enabled)
     on conflict (user_id, kind) do update set enabled = excluded.enabled, updated_at = now()`,
  );
}
