// The signing keys in memory: the active private key for signing, and every public key still
// published in the JWKS. Reloaded periodically so a rotation done by the command (another process)
// reaches every replica.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import type { SqlDatabase } from '@emporium/platform';
import {
  findPublishedKeys,
  hasActiveKey,
  insertSigningKey,
  lockSigningKeys,
  retireActiveKeys,
} from '../repositories/signing-keys.js';
import type { KeySealer } from './key-sealing.js';

export const SIGNING_ALGORITHM = 'EdDSA';
export const KEY_RELOAD_INTERVAL_SECONDS = 30;

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

export interface PublishedKey {
  kid: string;
  alg: string;
  use: 'sig';
  kty: string;
  [member: string]: unknown;
}

export interface KeyRing {
  active(): SigningKey;
  jwks(): { keys: PublishedKey[] };
  publicKey(kid: string): KeyObject | undefined;
  reload(): Promise<void>;
  close(): void;
}

/**
 * How long a retired key stays published: a replica may sign with it until its next reload, and
 * what it signed then lives one access-token lifetime more (plus a minute of clock skew).
 */
export function publicationWindowSeconds(accessTokenTtlSeconds: number): number {
  return accessTokenTtlSeconds + KEY_RELOAD_INTERVAL_SECONDS + 60;
}

function newKeyPair(sealer: KeySealer) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const kid = `${new Date().toISOString().slice(0, 10)}-${randomBytes(6).toString('hex')}`;
  const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: SIGNING_ALGORITHM, use: 'sig' };
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  return { kid, algorithm: SIGNING_ALGORITHM, publicJwk, privateKeySealed: sealer.seal(pkcs8, kid) };
}

/** First start: creates the first key unless one is active. Safe when replicas start together. */
export async function ensureSigningKey(db: SqlDatabase, sealer: KeySealer): Promise<void> {
  await db.transaction(async (tx) => {
    await lockSigningKeys(tx);
    if (!(await hasActiveKey(tx))) await insertSigningKey(tx, newKeyPair(sealer));
  });
}

/** Retires the active key (it stays published) and makes a new one active. Returns the new kid. */
export async function rotateSigningKey(db: SqlDatabase, sealer: KeySealer): Promise<string> {
  return db.transaction(async (tx) => {
    await lockSigningKeys(tx);
    await retireActiveKeys(tx);
    const key = newKeyPair(sealer);
    await insertSigningKey(tx, key);
    return key.kid;
  });
}

export async function openKeyRing(
  db: SqlDatabase,
  sealer: KeySealer,
  options: { accessTokenTtlSeconds: number; onError: (error: unknown) => void },
): Promise<KeyRing> {
  let signing: SigningKey | undefined;
  let published: PublishedKey[] = [];
  let publicKeys = new Map<string, KeyObject>();

  async function reload(): Promise<void> {
    const rows = await findPublishedKeys(db, publicationWindowSeconds(options.accessTokenTtlSeconds));
    const active = rows.find((row) => row.retiredAt === null);
    if (!active) throw new Error('no active signing key: run the service once or rotate-keys');
    if (active.kid !== signing?.kid) {
      const pkcs8 = sealer.open(active.privateKeySealed, active.kid);
      signing = {
        kid: active.kid,
        privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }),
      };
    }
    published = rows.map((row) => row.publicJwk as PublishedKey);
    publicKeys = new Map(
      rows.map((row) => [row.kid, createPublicKey({ key: row.publicJwk as never, format: 'jwk' })]),
    );
  }

  await reload();
  const timer = setInterval(() => reload().catch(options.onError), KEY_RELOAD_INTERVAL_SECONDS * 1000);
  timer.unref();

  return {
    active: () => signing!,
    jwks: () => ({ keys: published }),
    publicKey: (kid) => publicKeys.get(kid),
    reload,
    close: () => clearInterval(timer),
  };
}
