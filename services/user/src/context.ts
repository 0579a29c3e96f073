import type { CacheAside, Outbox, SqlDatabase } from '@emporium/platform';
import type { FieldCipher } from './pii/field-cipher.js';

export interface UserContext {
  db: SqlDatabase;
  /** Publishes user.preferences_changed in the transaction of the change. */
  outbox: Outbox;
  cipher: FieldCipher;
  /** Holds stored (still sealed) rows: decrypted PII never sits in Redis. */
  cache: CacheAside;
  cacheTtlSeconds: number;
}

export const profileKey = (userId: string) => `profile:${userId}`;
export const addressesKey = (userId: string) => `addresses:${userId}`;
