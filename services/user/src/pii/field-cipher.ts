// Field-level encryption for PII: AES-256-GCM, a fresh 96-bit IV per value, the key id stored with
// the value ('<kid>:<base64 iv|tag|ciphertext>') so old keys keep decrypting while the rotation
// command re-encrypts. The column and owning row are bound as associated data: a ciphertext copied
// into another row or column fails to decrypt instead of leaking someone else's address.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface FieldCipher {
  readonly activeKeyId: string;
  encrypt(plain: string, context: string): string;
  decrypt(sealed: string, context: string): string;
  /** True when the value is sealed with the active key (nothing to rotate). */
  isCurrent(sealed: string): boolean;
}

export function createFieldCipher(keys: Array<{ id: string; key: Buffer }>): FieldCipher {
  const [active] = keys;
  if (!active) throw new Error('at least one PII encryption key is needed');
  const byId = new Map(keys.map(({ id, key }) => [id, key]));
  return {
    activeKeyId: active.id,
    encrypt(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', active.key, iv).setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${active.id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(sealed, context) {
      const separator = sealed.indexOf(':');
      const keyId = sealed.slice(0, separator);
      const key = byId.get(keyId);
      if (separator < 0 || !key) throw new Error(`PII sealed with unknown key id "${keyId}"`);
      const raw = Buffer.from(sealed.slice(separator + 1), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES)).setAAD(
        Buffer.from(context),
      );
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    },
    isCurrent: (sealed) => sealed.startsWith(`${active.id}:`),
  };
}

/**
 * PII_ENCRYPTION_KEYS ('k2:<base64>,k1:<base64>', first active), or in development a fixed
 * derived key with a warning: the quick start runs without secrets, production may not.
 */
export function piiKeysFromConfig(
  configured: string | undefined,
  nodeEnv: string,
  warn: (message: string) => void,
): Array<{ id: string; key: Buffer }> {
  if (!configured) {
    if (nodeEnv === 'production') throw new Error('PII_ENCRYPTION_KEYS is required in production');
    warn('PII_ENCRYPTION_KEYS is not set: using a development key; never do this in production');
    return [{ id: 'dev', key: createHash('sha256').update('emporium development PII key').digest() }];
  }
  return configured.split(',').map((entry) => {
    const [id = '', encoded = ''] = entry.trim().split(':');
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32)
      throw new Error(`PII_ENCRYPTION_KEYS: key "${id}" must be base64 of exactly 32 bytes`);
    return { id, key };
  });
}
