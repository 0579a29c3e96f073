import { ProblemDetails } from '@emporium/contracts';
import { NotificationPreferences, PreferencesPatch, Profile, ProfilePatch } from '@emporium/contracts/user';
import { principalOf, type ServiceApp } from '@emporium/platform';
import type { UserContext } from '../context.js';
import { editPreferences, editProfile, getProfile } from '../profiles/profiles.js';

export function registerMeRoutes(app: ServiceApp, ctx: UserContext): void {
  const guard = app.requireRole('customer');

  app.get(
    '/users/me',
    { schema: { summary: 'My profile', response: { 200: Profile, 404: ProblemDetails } }, preHandler: guard },
    async (request) => getProfile(ctx, principalOf(request).userId),
  );

  app.patch(
    '/users/me',
    {
      schema: {
        summary: 'Edit my name or phone (null clears)',
        body: ProfilePatch,
        response: { 200: Profile, 400: ProblemDetails },
      },
      preHandler: guard,
    },
    async (request) => editProfile(ctx, principalOf(request).userId, request.body),
  );

  app.get(
    '/users/me/preferences',
    {
      schema: { summary: 'My notification preferences', response: { 200: NotificationPreferences } },
      preHandler: guard,
    },
    async (request) => (await getProfile(ctx, principalOf(request).userId)).preferences,
  );

  app.patch(
    '/users/me/preferences',
    {
      schema: {
        summary: 'Change some notification preferences; the others stay',
        description:
          'Turns optional e-mails on or off by kind and answers all the switches. The notification ' +
          'service follows the change within moments (user.preferences_changed).',
        body: PreferencesPatch,
        response: { 200: NotificationPreferences, 400: ProblemDetails },
      },
      preHandler: guard,
    },
    async (request) => editPreferences(ctx, principalOf(request).userId, request.body),
  );
}
