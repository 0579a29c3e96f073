import type { SqlExecutor } from '@emporium/platform';

export interface SigningKeyRow {
  kid: string;
  algorithm: string;
  public_jwk: Record<string, unknown>;
  private_key_sealed: Buffer;
  created_at: Date;
  retired_at: Date | null;
}

/** The active key (retired_at null) and retired keys still inside their publication window, newest first. */
export async function findPublishedKeys(db: SqlExecutor, publishSeconds: number): Promise<SigningKeyRow[]> {
  const { rows } = await db.query<SigningKeyRow>(
    `select kid, algorithm, public_jwk, private_key_sealed, created_at, retired_at from signing_keys
     where retired_at is null or retired_at > now() - make_interval(secs => $1)
     order by created_at desc`,
    [publishSeconds],
  );
  return rows;
}

export async function hasActiveKey(db: SqlExecutor): Promise<boolean> {
  const { rowCount } = await db.query('select 1 from signing_keys where retired_at is null');
  return rowCount > 0;
}

export async function retireActiveKeys(db: SqlExecutor): Promise<void> {
  await db.query('update signing_keys set retired_at = now() where retired_at is null');
}

export async function insertSigningKey(
  db: SqlExecutor,
  key: { kid: string; algorithm: string; publicJwk: object; privateKeySealed: Buffer },
): Promise<void> {
  await db.query(
    `insert into signing_keys (kid, algorithm, public_jwk, private_key_sealed) values ($1, $2, $3, $4)`,
    [key.kid, key.algorithm, JSON.stringify(key.publicJwk), key.privateKeySealed],
  );
}

/** Serialises key creation between replicas starting together and the rotation command. */
export async function lockSigningKeys(db: SqlExecutor): Promise<void> {
  await db.query('select pg_advisory_xact_lock($1)', [4_242_081]);
}
