// Signing keys: the private key sealed, the public JWK published while tokens it signed live.
import { type SqlExecutor, sql } from '@emporium/platform';

export interface StoredSigningKey {
  kid: string;
  algorithm: string;
  publicJwk: Record<string, unknown>;
  privateKeySealed: Buffer;
  createdAt: Date;
  retiredAt: Date | null;
}

/** The active key (retired_at null) and retired keys still inside their publication window, newest first. */
export async function findPublishedKeys(
  db: SqlExecutor,
  publishSeconds: number,
): Promise<StoredSigningKey[]> {
  const { rows } = await db.query<StoredSigningKey>(
    sql`select kid, algorithm, public_jwk as "publicJwk", private_key_sealed as "privateKeySealed",
       created_at as "createdAt", retired_at as "retiredAt"
     from signing_keys
     where retired_at is null or retired_at > now() - make_interval(secs => ${publishSeconds})
     order by created_at desc`,
  );
  return rows;
}

export async function hasActiveKey(db: SqlExecutor): Promise<boolean> {
  const { rowCount } = await db.query(sql`select 1 from signing_keys where retired_at is null`);
  return rowCount > 0;
}

export async function retireActiveKeys(db: SqlExecutor): Promise<void> {
  await db.query(sql`update signing_keys set retired_at = now() where retired_at is null`);
}

export async function insertSigningKey(
  db: SqlExecutor,
  key: { kid: string; algorithm: string; publicJwk: object; privateKeySealed: Buffer },
): Promise<void> {
  await db.query(
    sql`insert into signing_keys (kid, algorithm, public_jwk, private_key_sealed)
        values (${key.kid}, ${key.algorithm}, ${JSON.stringify(key.publicJwk)}, ${key.privateKeySealed})`,
  );
}

/** The advisory lock id of key creation: any number no other lock of this database uses. */
const SIGNING_KEYS_LOCK = 4_242_081;

/** Serialises key creation between replicas starting together and the rotation command. */
export async function lockSigningKeys(db: SqlExecutor): Promise<void> {
  await db.query(sql`select pg_advisory_xact_lock(${SIGNING_KEYS_LOCK})`);
}
