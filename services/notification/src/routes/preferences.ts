// What the signed-in user receives by e-mail: a read of this service's copy of the switches in
// their profile. They are changed in the profile (user service, PATCH /users/me/preferences).
import {
  adminNotificationKinds,
  EmailPreferences,
  notificationKinds,
  optionalEmailKinds,
} from '@emporium/contracts/notification';
import { principalOf, type ServiceApp, type SqlDatabase } from '@emporium/platform';
import { emailPreferencesOf } from '../repositories/preferences.js';

const alwaysSent = notificationKinds.filter(
  (kind) =>
    !(adminNotificationKinds as readonly string[]).includes(kind) &&
    !(optionalEmailKinds as readonly string[]).includes(kind),
);

export function registerPreferenceRoutes(app: ServiceApp, { db }: { db: SqlDatabase }): void {
  const customer = app.requireRole('customer');

  app.get(
    '/notifications/preferences',
    {
      preHandler: customer,
      schema: {
        tags: ['preferences'],
        description:
          'What will be e-mailed: the copy this service keeps of the switches in the profile ' +
          '(changed with PATCH /users/me/preferences; a change shows here within moments). ' +
          'Kinds in alwaysSent go whatever the switches say.',
        response: { 200: EmailPreferences },
      },
    },
    async (request) => ({ email: await emailPreferencesOf(db, principalOf(request).userId), alwaysSent }),
  );
}
