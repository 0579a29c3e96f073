// Verifies access tokens issued by the auth service against its JWKS. The gateway checks them,
// and every service checks them again: no service trusts a bare identity header.
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { problems } from '../problems.js';

export const ACCESS_TOKEN_ISSUER = 'emporium-auth';
export const ACCESS_TOKEN_AUDIENCE = 'emporium';
export const ACCESS_TOKEN_ALGORITHMS = ['EdDSA', 'ES256'];

export type Role = 'customer' | 'admin';

export interface Principal {
  userId: string;
  roles: Role[];
  tokenId: string;
}

export interface TokenVerifier {
  /** Returns the principal, or throws a 401 problem saying why the token is refused. */
  verify(token: string): Promise<Principal>;
}

/** keys: the auth service's JWKS URL (fetched, cached, refetched on an unknown kid) or a key getter. */
export function createTokenVerifier(keys: string | JWTVerifyGetKey): TokenVerifier {
  const getKey =
    typeof keys === 'string'
      ? createRemoteJWKSet(new URL(keys), { cooldownDuration: 30_000, cacheMaxAge: 600_000 })
      : keys;
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, getKey, {
          issuer: ACCESS_TOKEN_ISSUER,
          audience: ACCESS_TOKEN_AUDIENCE,
          algorithms: ACCESS_TOKEN_ALGORITHMS,
          requiredClaims: ['sub', 'exp', 'iat', 'jti'],
        });
        const roles = Array.isArray(payload.roles)
          ? (payload.roles.filter((r) => r === 'customer' || r === 'admin') as Role[])
          : [];
        return { userId: String(payload.sub), roles, tokenId: String(payload.jti) };
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'ERR_JWT_INVALID';
        const reason =
          code === 'ERR_JWT_EXPIRED' ? 'The access token has expired.' : 'The access token is not valid.';
        throw problems.unauthorized(reason);
      }
    },
  };
}
