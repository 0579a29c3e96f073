import { authentication, createService, type ReadinessCheck, type TokenVerifier } from '@emporium/platform';
import type { UserContext } from './context.js';
import { registerAddressRoutes } from './routes/addresses.js';
import { registerAdminUserRoutes } from './routes/admin-users.js';
import { registerMeRoutes } from './routes/me.js';

export interface UserAppDeps {
  ctx: UserContext;
  verifier: TokenVerifier;
  logLevel?: string;
  readiness?: Record<string, ReadinessCheck>;
}

export async function buildApp({ ctx, verifier, logLevel, readiness }: UserAppDeps) {
  const app = await createService({ name: 'user', logLevel, readiness });
  await app.register(authentication, { verifier });
  registerMeRoutes(app, ctx);
  registerAddressRoutes(app, ctx);
  registerAdminUserRoutes(app, ctx);
  return app;
}
