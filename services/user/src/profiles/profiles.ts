// A user's own profile and preferences. Reads go through the cache; every write invalidates it.
import type { EventData } from '@emporium/contracts';
import type {
  NotificationPreferences,
  PreferencesPatch,
  Profile,
  ProfilePatch,
} from '@emporium/contracts/user';
import { HttpProblem } from '@emporium/platform';
import { profileKey, type UserContext } from '../context.js';
import {
  findProfile,
  lockPreferences,
  type StoredProfile,
  savePreferences,
  updateProfile,
} from '../repositories/profiles.js';
import { effectivePreferences, mergePreferences, samePreferences } from './preferences.js';

export const phoneContext = (userId: string) => `profiles.phone:${userId}`;

export const profileNotFound = () =>
  new HttpProblem(
    404,
    'profile-not-found',
    'Profile not found',
    'No profile exists for this account (a new account gets one within moments of registering).',
  );

export function toProfile(ctx: UserContext, stored: StoredProfile): Profile {
  return {
    id: stored.userId,
    email: stored.email,
    name: stored.name,
    phone: stored.phoneSealed ? ctx.cipher.decrypt(stored.phoneSealed, phoneContext(stored.userId)) : null,
    preferences: effectivePreferences(stored.preferences),
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
}

export async function loadStoredProfile(ctx: UserContext, userId: string): Promise<StoredProfile> {
  const stored = await ctx.cache.get(profileKey(userId), ctx.cacheTtlSeconds, () =>
    findProfile(ctx.db, userId),
  );
  if (!stored) throw profileNotFound();
  return stored;
}

export async function getProfile(ctx: UserContext, userId: string): Promise<Profile> {
  return toProfile(ctx, await loadStoredProfile(ctx, userId));
}

export async function editProfile(ctx: UserContext, userId: string, patch: ProfilePatch): Promise<Profile> {
  const phoneSealed =
    patch.phone === undefined
      ? undefined
      : patch.phone === null
        ? null
        : ctx.cipher.encrypt(patch.phone, phoneContext(userId));
  const updated = await updateProfile(ctx.db, userId, { name: patch.name, phoneSealed });
  await ctx.cache.invalidate(profileKey(userId));
  if (!updated) throw profileNotFound();
  return toProfile(ctx, updated);
}

/**
 * Changes some switches and keeps the others. A real change is counted (version) and published as
 * user.preferences_changed in the same transaction, so the notification service's copy follows.
 */
export async function editPreferences(
  ctx: UserContext,
  userId: string,
  patch: PreferencesPatch,
): Promise<NotificationPreferences> {
  // Read-merge-write with the row locked: two devices toggling different switches at once both
  // keep their change, and the versions follow the order of the writes.
  const preferences = await ctx.outbox.transaction(async (tx, emit) => {
    const stored = await lockPreferences(tx, userId);
    if (!stored) throw profileNotFound();
    const merged = mergePreferences(stored, patch);
    const before = effectivePreferences(stored);
    const after = effectivePreferences(merged);
    if (samePreferences(before, after)) return before;
    const version = await savePreferences(tx, userId, merged);
    emit({
      type: 'user.preferences_changed',
      subject: userId,
      data: { userId, email: after.email, version } satisfies EventData<'user.preferences_changed'>,
    });
    return after;
  });
  await ctx.cache.invalidate(profileKey(userId));
  return preferences;
}
