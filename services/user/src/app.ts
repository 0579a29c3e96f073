import {
  type AppHostOptions,
  authentication,
  createService,
  hostOptions,
  type TokenVerifier,
} from '@emporium/platform';
import type { UserContext } from './context.js';
import { registerAddressRoutes } from './routes/addresses.js';
import { registerAdminUserRoutes } from './routes/admin-users.js';
import { registerMeRoutes } from './routes/me.js';

export interface UserAppDeps extends AppHostOptions {
  ctx: UserContext;
  verifier: TokenVerifier;
}

export async function buildApp(deps: UserAppDeps) {
  const { ctx, verifier } = deps;
  const app = await createService(hostOptions('user', deps));
  await app.register(authentication, { verifier });
  registerMeRoutes(app, ctx);
  registerAddressRoutes(app, ctx);
  registerAdminUserRoutes(app, ctx);
  return { app };
}
