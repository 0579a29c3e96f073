// Access tokens: compact JWS signed with Ed25519. Signed with node:crypto's synchronous sign (tens
// of microseconds) rather than WebCrypto, whose jobs would queue on the libuv pool behind argon2.
import { randomUUID, sign } from 'node:crypto';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, type Role } from '@emporium/platform';
import { type KeyRing, SIGNING_ALGORITHM } from './key-ring.js';

export interface AccessTokenClaims {
  userId: string;
  roles: Role[];
  /** The refresh family (login session) the token belongs to; lets a password change spare it. */
  sessionId: string;
}

export interface AccessTokenIssuer {
  readonly ttlSeconds: number;
  issue(claims: AccessTokenClaims): string;
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function createAccessTokenIssuer(keys: KeyRing, ttlSeconds: number): AccessTokenIssuer {
  return {
    ttlSeconds,
    issue({ userId, roles, sessionId }) {
      const { kid, privateKey } = keys.active();
      const now = Math.floor(Date.now() / 1000);
      const header = base64url({ alg: SIGNING_ALGORITHM, typ: 'JWT', kid });
      const payload = base64url({
        iss: ACCESS_TOKEN_ISSUER,
        aud: ACCESS_TOKEN_AUDIENCE,
        sub: userId,
        roles,
        sid: sessionId,
        iat: now,
        exp: now + ttlSeconds,
        jti: randomUUID(),
      });
      const signingInput = `${header}.${payload}`;
      const signature = sign(null, Buffer.from(signingInput), privateKey).toString('base64url');
      return `${signingInput}.${signature}`;
    },
  };
}
