// A user's notification preferences: what the profile row holds and what it means.
import { optionalEmailKinds } from '@emporium/contracts/notification';
import type { NotificationPreferences, PreferencesPatch } from '@emporium/contracts/user';

/** As stored: only the switches the user set. A kind never set is on. */
export interface StoredPreferences {
  email?: Record<string, boolean>;
}

/** Every optional kind, on unless the user turned it off. */
export function effectivePreferences(stored: StoredPreferences): NotificationPreferences {
  const email = stored.email ?? {};
  return {
    email: Object.fromEntries(
      optionalEmailKinds.map((kind) => [kind, email[kind] !== false]),
    ) as NotificationPreferences['email'],
  };
}

export function mergePreferences(stored: StoredPreferences, patch: PreferencesPatch): StoredPreferences {
  return { email: { ...stored.email, ...patch.email } };
}

export function samePreferences(a: NotificationPreferences, b: NotificationPreferences): boolean {
  return optionalEmailKinds.every((kind) => a.email[kind] === b.email[kind]);
}
