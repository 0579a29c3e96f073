import {
  type AppHostOptions,
  authentication,
  createService,
  createTokenVerifier,
  hostOptions,
} from '@emporium/platform';
import type { FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { clientIpResolver } from './client-ip.js';
import type { AuthContext } from './context.js';
import { registerAccountRoutes } from './routes/accounts.js';
import { registerJwksRoute } from './routes/jwks.js';
import { registerPasswordRoutes } from './routes/passwords.js';
import { registerSessionRoutes } from './routes/sessions.js';

export interface AuthAppDeps extends AppHostOptions {
  ctx: AuthContext;
  trustedProxies: string;
}

/** The session (refresh family) of an access token that requireRole has already verified. */
function sessionOf(request: FastifyRequest): string | undefined {
  const token = request.headers.authorization?.split(' ')[1];
  const sid = token ? decodeJwt(token).sid : undefined;
  return typeof sid === 'string' ? sid : undefined;
}

export async function buildApp(deps: AuthAppDeps) {
  const { ctx, trustedProxies } = deps;
  const app = await createService(hostOptions('auth', deps));
  // The auth service checks its own tokens against its key ring, not over HTTP.
  const verifier = createTokenVerifier(async (header) => {
    const key = header.kid ? ctx.keys.publicKey(header.kid) : undefined;
    if (!key) throw Object.assign(new Error('unknown key id'), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
    return key;
  });
  await app.register(authentication, { verifier });
  const clientIp = clientIpResolver(trustedProxies);
  registerJwksRoute(app, ctx.keys);
  registerAccountRoutes(app, ctx);
  registerSessionRoutes(app, ctx, clientIp);
  registerPasswordRoutes(app, ctx, clientIp, sessionOf);
  return { app };
}
