// Service-to-service reads (never exposed by the gateway): the notification service asks which
// notifications a user wants before sending one.
import { ProblemDetails, Uuid } from '@emporium/contracts';
import { NotificationPreferences } from '@emporium/contracts/user';
import type { ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { UserContext } from '../context.js';
import { getProfile } from '../profiles/profiles.js';

export function registerInternalRoutes(app: ServiceApp, ctx: UserContext): void {
  app.get(
    '/internal/users/:id/preferences',
    {
      schema: {
        summary: "A user's notification preferences",
        params: Type.Object({ id: Uuid }),
        response: { 200: NotificationPreferences, 404: ProblemDetails },
      },
    },
    async (request) => (await getProfile(ctx, request.params.id)).preferences,
  );
}
