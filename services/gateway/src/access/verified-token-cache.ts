// Remembers the access tokens the gateway has verified, so a signed-in shopper's every request does
// not pay for a signature check (an EdDSA/ES256 verify is most of the gateway's own CPU per
// request). An access token is self-contained and unrevocable before its `exp`, so reusing a
// verification changes nothing about who gets in — except that a key withdrawn from the JWKS
// keeps its tokens working here for up to `maxAgeMs` more; the services behind still verify.
import type { Principal, TokenVerifier } from '@emporium/platform';
import { decodeJwt } from 'jose';

/** A token verifier that can also answer at once for a token it verified recently. */
export interface RememberingVerifier extends TokenVerifier {
  /**
   * The principal of a token verified within the reuse period, without a promise (the signed-in
   * hot path stays synchronous); undefined when the token must be verified (again).
   */
  remembered(token: string): Principal | undefined;
}

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
): RememberingVerifier {
  if (options.maxAgeMs <= 0)
    return { verify: (token) => verifier.verify(token), remembered: () => undefined };
  const now = options.now ?? Date.now;
  const verified = new Map<string, { principal: Principal; until: number }>();
  const remembered = (token: string): Principal | undefined => {
    const known = verified.get(token);
    if (!known) return undefined;
    if (now() < known.until) return known.principal;
    verified.delete(token);
    return undefined;
  };
  return {
    remembered,
    async verify(token) {
      const known = remembered(token);
      if (known) return known;
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
