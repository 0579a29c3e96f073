import { Jwks } from '@emporium/contracts/auth';
import type { ServiceApp } from '@emporium/platform';
import type { KeyRing } from '../signing/key-ring.js';

export function registerJwksRoute(app: ServiceApp, keys: KeyRing): void {
  app.get(
    '/.well-known/jwks.json',
    { schema: { summary: 'Public keys that verify access tokens', response: { 200: Jwks } } },
    async (_request, reply) => {
      // Short enough that a rotated-in key is picked up well within an access token's life.
      reply.header('cache-control', 'public, max-age=300');
      return keys.jwks();
    },
  );
}
