// Access tokens for tests: a real EdDSA key pair and a verifier that trusts it, signed exactly as
// the auth service signs (issuer, audience, kid, jti).
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  createTokenVerifier,
  type Role,
  type TokenVerifier,
} from '../auth/token-verifier.js';

export interface TestTokens {
  verifier: TokenVerifier;
  jwks: { keys: object[] };
  sign(claims: { userId?: string; roles?: Role[]; expiresIn?: string }): Promise<string>;
}

export async function createTestTokens(): Promise<TestTokens> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  return {
    verifier: createTokenVerifier(async () => publicKey),
    jwks: { keys: [jwk] },
    sign: ({ userId = randomUUID(), roles = ['customer'], expiresIn = '5m' }) =>
      new SignJWT({ roles })
        .setProtectedHeader({ alg: 'EdDSA', kid })
        .setSubject(userId)
        .setIssuer(ACCESS_TOKEN_ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setIssuedAt()
        .setJti(randomUUID())
        .setExpirationTime(expiresIn)
        .sign(privateKey),
  };
}
