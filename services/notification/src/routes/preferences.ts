// Which kinds of notification the signed-in user receives by e-mail.
import {
  EmailPreferences,
  EmailPreferencesUpdate,
  notificationKinds,
  optionalEmailKinds,
} from '@emporium/contracts/notification';
import { principalOf, type ServiceApp, type SqlDatabase } from '@emporium/platform';
import { emailPreferencesOf, saveEmailPreferences } from '../repositories/preferences.js';

const alwaysSent = notificationKinds.filter(
  (kind) => kind !== 'low_stock' && !(optionalEmailKinds as readonly string[]).includes(kind),
);

export function registerPreferenceRoutes(app: ServiceApp, { db }: { db: SqlDatabase }): void {
  const customer = app.requireRole('customer');

  app.get(
    '/notifications/preferences',
    { preHandler: customer, schema: { tags: ['preferences'], response: { 200: EmailPreferences } } },
    async (request) => ({ email: await emailPreferencesOf(db, principalOf(request).userId), alwaysSent }),
  );

  app.put(
    '/notifications/preferences',
    {
      preHandler: customer,
      schema: {
        tags: ['preferences'],
        description:
          'Changes the listed kinds only. Account security mails and receipts cannot be turned off.',
        body: EmailPreferencesUpdate,
        response: { 200: EmailPreferences },
      },
    },
    async (request) => {
      const { userId } = principalOf(request);
      await db.transaction((tx) => saveEmailPreferences(tx, userId, request.body.email));
      return { email: await emailPreferencesOf(db, userId), alwaysSent };
    },
  );
}
