// Profiles as stored: PII sealed, timestamps as ISO strings (so a cached copy has the same shape).
import type { SqlExecutor } from '@emporium/platform';
import type { StoredPreferences } from '../profiles/preferences.js';

export interface StoredProfile {
  userId: string;
  email: string;
  name: string | null;
  phoneSealed: string | null;
  preferences: StoredPreferences;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `user_id as "userId", email, name, phone_sealed as "phoneSealed", preferences,
  to_json(created_at)#>>'{}' as "createdAt", to_json(updated_at)#>>'{}' as "updatedAt"`;

export async function findProfile(db: SqlExecutor, userId: string): Promise<StoredProfile | undefined> {
  const { rows } = await db.query<StoredProfile>(`select ${COLUMNS} from profiles where user_id = $1`, [
    userId,
  ]);
  return rows[0];
}

/** From user.registered; a profile that exists already is left alone. */
export async function insertProfile(
  db: SqlExecutor,
  profile: { userId: string; email: string; name: string | null },
): Promise<void> {
  await db.query(
    'insert into profiles (user_id, email, name) values ($1, $2, $3) on conflict (user_id) do nothing',
    [profile.userId, profile.email, profile.name],
  );
}

export async function updateProfile(
  db: SqlExecutor,
  userId: string,
  changes: { name?: string | null; phoneSealed?: string | null },
): Promise<StoredProfile | undefined> {
  const { rows } = await db.query<StoredProfile>(
    `update profiles set
       name = case when $2::boolean then $3 else name end,
       phone_sealed = case when $4::boolean then $5 else phone_sealed end,
       updated_at = now()
     where user_id = $1 returning ${COLUMNS}`,
    [
      userId,
      changes.name !== undefined,
      changes.name ?? null,
      changes.phoneSealed !== undefined,
      changes.phoneSealed ?? null,
    ],
  );
  return rows[0];
}

/** Locks the profile's row for a read-merge-write of its preferences; undefined: no profile. */
export async function lockPreferences(
  db: SqlExecutor,
  userId: string,
): Promise<StoredPreferences | undefined> {
  const { rows } = await db.query<{ preferences: StoredPreferences }>(
    'select preferences from profiles where user_id = $1 for update',
    [userId],
  );
  return rows[0]?.preferences;
}

/** Stores the preferences and counts the change: returns the new version. Call with the row locked. */
export async function savePreferences(
  db: SqlExecutor,
  userId: string,
  preferences: StoredPreferences,
): Promise<number> {
  const { rows } = await db.query<{ version: number }>(
    `update profiles set preferences = $2::jsonb, preferences_version = preferences_version + 1,
       updated_at = now()
     where user_id = $1 returning preferences_version as version`,
    [userId, JSON.stringify(preferences)],
  );
  return rows[0]!.version;
}

export async function searchProfiles(
  db: SqlExecutor,
  query: { search?: string; limit: number; offset: number },
): Promise<{ items: StoredProfile[]; total: number }> {
  // The search text is matched literally: % and _ typed by the admin are not wildcards.
  const pattern = query.search ? `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = `where $1::text is null or email ilike $1 or name ilike $1`;
  const [page, count] = await Promise.all([
    db.query<StoredProfile>(
      `select ${COLUMNS} from profiles ${where} order by created_at desc, user_id limit $2 offset $3`,
      [pattern, query.limit, query.offset],
    ),
    db.query<{ total: number }>(`select count(*)::int as total from profiles ${where}`, [pattern]),
  ]);
  return { items: page.rows, total: count.rows[0]?.total ?? 0 };
}

/** The next batch (in id order, after afterUserId) of profiles whose phone is sealed with another key than the active one. */
export async function findProfilesToReseal(
  db: SqlExecutor,
  activeKeyId: string,
  afterUserId: string,
  limit: number,
) {
  const { rows } = await db.query<{ userId: string; phoneSealed: string }>(
    `select user_id as "userId", phone_sealed as "phoneSealed" from profiles
     where phone_sealed is not null and phone_sealed not like $1 || ':%' and user_id::text > $2
     order by user_id::text limit $3`,
    [activeKeyId, afterUserId, limit],
  );
  return rows;
}

/** Only replaces the value the rotation read: a concurrent edit wins over the re-encryption. */
export async function resealProfilePhone(
  db: SqlExecutor,
  userId: string,
  from: string,
  to: string,
): Promise<void> {
  await db.query('update profiles set phone_sealed = $3 where user_id = $1 and phone_sealed = $2', [
    userId,
    from,
    to,
  ]);
}
