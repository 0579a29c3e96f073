// Remembers the access tokens the gateway has verified, so a signed-in shopper's every request does
// not pay for a signature check (an EdDSA/ES256 verify is most of the gateway's own CPU per
// request). An access token is self-contained and unrevocable before its `exp`, so reusing a
// verification changes nothing about who gets in — except that a key withdrawn from the JWKS
// keeps its tokens working here for up to `maxAgeMs` more; the services behind still verify.
import type { Principal, TokenVerifier } from '@emporium/platform';
import { decodeJwt } from 'jose';

export interface VerifiedTokenCacheOptions {
  /** Longest a verification is reused; 0 verifies every request. */
  maxAgeMs: number;
  /** Tokens remembered at most; the oldest go first. */
  maxEntries: number;
  now?: () => number;
}

export function cacheVerifiedTokens(
  verifier: TokenVerifier,
  options: VerifiedTokenCacheOptions,
): TokenVerifier {
  if (options.maxAgeMs <= 0) return verifier;
  const now = options.now ?? Date.now;
  const verified = new Map<string, { principal: Principal; until: number }>();
  return {
    async verify(token) {
      const known = verified.get(token);
      if (known && now() < known.until) return known.principal;
      if (known) verified.delete(token);
      // Refusals are not remembered: each carries its own reason (expired, bad signature).
      const principal = await verifier.verify(token);
      const expiresAt = (decodeJwt(token).exp ?? 0) * 1000;
      const until = Math.min(expiresAt, now() + options.maxAgeMs);
      if (until > now()) {
        // A Map iterates in insertion order: the first key is the oldest entry.
        if (verified.size >= options.maxEntries) verified.delete(verified.keys().next().value as string);
        verified.set(token, { principal, until });
      }
      return principal;
    },
  };
}
