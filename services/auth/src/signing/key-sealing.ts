// Seals private signing keys at rest with AES-256-GCM under AUTH_KEY_ENCRYPTION_KEY. The key id is
// bound as associated data, so a sealed key cannot be swapped onto another row.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface KeySealer {
  seal(plain: Buffer, kid: string): Buffer;
  open(sealed: Buffer, kid: string): Buffer;
}

export function createKeySealer(encryptionKey: Buffer): KeySealer {
  if (encryptionKey.length !== 32) throw new Error('the key encryption key must be 32 bytes');
  return {
    seal(plain, kid) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv).setAAD(Buffer.from(kid));
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    open(sealed, kid) {
      const iv = sealed.subarray(0, IV_BYTES);
      const tag = sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, iv).setAAD(Buffer.from(kid));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    },
  };
}

/**
 * The configured key, or in development a fixed derived one (with a warning): the quick start
 * must run without secrets, production must not run on a key everybody knows.
 */
export function keyEncryptionKey(
  configured: string | undefined,
  nodeEnv: string,
  warn: (message: string) => void,
): Buffer {
  if (configured) {
    const key = Buffer.from(configured, 'base64');
    if (key.length !== 32) throw new Error('AUTH_KEY_ENCRYPTION_KEY must be base64 of exactly 32 bytes');
    return key;
  }
  if (nodeEnv === 'production') throw new Error('AUTH_KEY_ENCRYPTION_KEY is required in production');
  warn('AUTH_KEY_ENCRYPTION_KEY is not set: using a development key; never do this in production');
  return createHash('sha256').update('emporium development key encryption key').digest();
}
