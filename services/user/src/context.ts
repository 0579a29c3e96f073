import type { CacheAside, SqlDatabase } from '@emporium/platform';
import type { FieldCipher } from './pii/field-cipher.js';

export interface UserContext {
  db: SqlDatabase;
  cipher: FieldCipher;
  /** Holds stored (still sealed) rows: decrypted PII never sits in Redis. */
  cache: CacheAside;
  cacheTtlSeconds: number;
}

export const profileKey = (userId: string) => `profile:${userId}`;
export const addressesKey = (userId: string) => `addresses:${userId}`;
