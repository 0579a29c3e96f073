// Profiles as stored: PII sealed, timestamps as ISO strings (so a cached copy has the same shape).
import { type SqlExecutor, sql } from '@emporium/platform';
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

const COLUMNS = sql.raw(`user_id as "userId", email, name, phone_sealed as "phoneSealed", preferences,
  to_json(created_at)#>>'{}' as "createdAt", to_json(updated_at)#>>'{}' as "updatedAt"`);

export async function findProfile(db: SqlExecutor, userId: string): Promise<StoredProfile | undefined> {
  const { rows } = await db.query<StoredProfile>(
    sql`select ${COLUMNS} from profiles where user_id = ${userId}`,
  );
  return rows[0];
}

/** From user.registered; a profile that exists already is left alone. */
export async function insertProfile(
  db: SqlExecutor,
  profile: { userId: string; email: string; name: string | null },
): Promise<void> {
  await db.query(
    sql`insert into profiles (user_id, email, name) values (${profile.userId}, ${profile.email}, ${profile.name})
        on conflict (user_id) do nothing`,
  );
}

export async function updateProfile(
  db: SqlExecutor,
  userId: string,
  changes: { name?: string | null; phoneSealed?: string | null },
): Promise<StoredProfile | undefined> {
  const sets = [
    changes.name === undefined ? undefined : sql`name = ${changes.name}`,
    changes.phoneSealed === undefined ? undefined : sql`phone_sealed = ${changes.phoneSealed}`,
    sql`updated_at = now()`,
  ].filter((set) => set !== undefined);
  const { rows } = await db.query<StoredProfile>(
    sql`update profiles set ${sql.join(sets, ', ')} where user_id = ${userId} returning ${COLUMNS}`,
  );
  return rows[0];
}

/** Locks the profile's row so that the owner's address writes run one at a time; false: no profile. */
export async function lockProfile(db: SqlExecutor, userId: string): Promise<boolean> {
  const { rowCount } = await db.query(sql`select 1 from profiles where user_id = ${userId} for update`);
  return rowCount > 0;
}

/** Locks the profile's row for a read-merge-write of its preferences; undefined: no profile. */
export async function lockPreferences(
  db: SqlExecutor,
  userId: string,
): Promise<StoredPreferences | undefined> {
  const { rows } = await db.query<{ preferences: StoredPreferences }>(
    sql`select preferences from profiles where user_id = ${userId} for update`,
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
    sql`update profiles set preferences = ${JSON.stringify(preferences)}::jsonb,
       preferences_version = preferences_version + 1, updated_at = now()
     where user_id = ${userId} returning preferences_version as version`,
  );
  return rows[0]!.version;
}

export async function searchProfiles(
  db: SqlExecutor,
  query: { search?: string; limit: number; offset: number },
): Promise<{ items: StoredProfile[]; total: number }> {
  // The search text is matched literally: % and _ typed by the admin are not wildcards.
  const pattern = query.search ? `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = pattern ? sql`where email ilike ${pattern} or name ilike ${pattern}` : sql.empty;
  const [page, count] = await Promise.all([
    db.query<StoredProfile>(
      sql`select ${COLUMNS} from profiles ${where} order by created_at desc, user_id
          limit ${query.limit} offset ${query.offset}`,
    ),
    db.query<{ total: number }>(sql`select count(*)::int as total from profiles ${where}`),
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
    sql`select user_id as "userId", phone_sealed as "phoneSealed" from profiles
     where phone_sealed is not null and phone_sealed not like ${activeKeyId} || ':%'
       and user_id::text > ${afterUserId}
     order by user_id::text limit ${limit}`,
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
  await db.query(
    sql`update profiles set phone_sealed = ${to} where user_id = ${userId} and phone_sealed = ${from}`,
  );
}
