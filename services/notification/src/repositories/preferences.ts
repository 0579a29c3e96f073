// Which optional kinds a user receives by e-mail. No row means "yes".
import { type OptionalEmailKind, optionalEmailKinds } from '@emporium/contracts/notification';
import type { SqlExecutor } from '@emporium/platform';

export async function emailPreferencesOf(
  db: SqlExecutor,
  userId: string,
): Promise<Record<OptionalEmailKind, boolean>> {
  const { rows } = await db.query<{ kind: string; enabled: boolean }>(
    'select kind, enabled from email_preferences where user_id = $1',
    [userId],
  );
  const stored = new Map(rows.map((row) => [row.kind, row.enabled]));
  return Object.fromEntries(optionalEmailKinds.map((kind) => [kind, stored.get(kind) ?? true])) as Record<
    OptionalEmailKind,
    boolean
  >;
}

export async function isEmailEnabled(tx: SqlExecutor, userId: string, kind: string): Promise<boolean> {
  const { rows } = await tx.query<{ enabled: boolean }>(
    'select enabled from email_preferences where user_id = $1 and kind = $2',
    [userId, kind],
  );
  return rows[0]?.enabled ?? true;
}

export async function saveEmailPreferences(
  tx: SqlExecutor,
  userId: string,
  changes: Partial<Record<OptionalEmailKind, boolean>>,
): Promise<void> {
  for (const [kind, enabled] of Object.entries(changes)) {
    await tx.query(
      `insert into email_preferences (user_id, kind, enabled) values ($1, $2, $3)
       on conflict (user_id, kind) do update set enabled = excluded.enabled, updated_at = now()`,
      [userId, kind, enabled],
    );
  }
}
