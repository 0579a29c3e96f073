// Opaque secrets handed to users (refresh tokens, e-mailed links). 256 random bits, so a fast hash
// (SHA-256) is enough to store them: there is nothing to brute-force.
import { createHash, randomBytes } from 'node:crypto';

export function hashSecretToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export function newSecretToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSecretToken(token) };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
