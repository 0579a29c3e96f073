import type { NotificationPreferences, PreferencesPatch } from '@emporium/contracts/user';

/** Order updates on, marketing off until the user opts in. */
export const DEFAULT_PREFERENCES: NotificationPreferences = {
  email: { orderUpdates: true, marketing: false },
  inApp: { orderUpdates: true, marketing: false },
};

/** Stored preferences hold only what the user chose; the defaults fill in the rest on read. */
export function effectivePreferences(
  stored: Record<string, Record<string, boolean>>,
): NotificationPreferences {
  return {
    email: { ...DEFAULT_PREFERENCES.email, ...stored.email },
    inApp: { ...DEFAULT_PREFERENCES.inApp, ...stored.inApp },
  };
}

export function mergePreferences(
  stored: Record<string, Record<string, boolean>>,
  patch: PreferencesPatch,
): Record<string, Record<string, boolean>> {
  return {
    ...stored,
    ...(patch.email ? { email: { ...stored.email, ...patch.email } } : {}),
    ...(patch.inApp ? { inApp: { ...stored.inApp, ...patch.inApp } } : {}),
  };
}
