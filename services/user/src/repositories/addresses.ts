// Addresses as stored: recipient, lines and phone sealed; timestamps as ISO strings.
import type { SqlExecutor } from '@emporium/platform';

export interface StoredAddress {
  id: string;
  userId: string;
  recipientSealed: string;
  line1Sealed: string;
  line2Sealed: string | null;
  phoneSealed: string | null;
  city: string;
  postalCode: string;
  region: string | null;
  country: string;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The sealed columns, in the order the rotation command walks them. */
export const SEALED_ADDRESS_COLUMNS = [
  'recipient_sealed',
  'line1_sealed',
  'line2_sealed',
  'phone_sealed',
] as const;

const COLUMNS = `id, user_id as "userId", recipient_sealed as "recipientSealed", line1_sealed as "line1Sealed",
  line2_sealed as "line2Sealed", phone_sealed as "phoneSealed", city, postal_code as "postalCode", region,
  country, is_default_shipping as "isDefaultShipping", is_default_billing as "isDefaultBilling",
  to_json(created_at)#>>'{}' as "createdAt", to_json(updated_at)#>>'{}' as "updatedAt"`;

export type AddressFields = Omit<StoredAddress, 'id' | 'userId' | 'createdAt' | 'updatedAt'>;

export async function listAddresses(db: SqlExecutor, userId: string): Promise<StoredAddress[]> {
  const { rows } = await db.query<StoredAddress>(
    `select ${COLUMNS} from addresses where user_id = $1 order by created_at, id`,
    [userId],
  );
  return rows;
}

/** Scoped by owner: another user's address id is simply not found. */
export async function findAddress(
  db: SqlExecutor,
  userId: string,
  id: string,
): Promise<StoredAddress | undefined> {
  const { rows } = await db.query<StoredAddress>(
    `select ${COLUMNS} from addresses where id = $1 and user_id = $2`,
    [id, userId],
  );
  return rows[0];
}

export async function countAddresses(db: SqlExecutor, userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'select count(*)::int as n from addresses where user_id = $1',
    [userId],
  );
  return rows[0]?.n ?? 0;
}

/** Takes the default flag(s) away from the user's other addresses before one claims them. */
export async function clearDefaults(
  db: SqlExecutor,
  userId: string,
  which: { shipping: boolean; billing: boolean },
): Promise<void> {
  if (!which.shipping && !which.billing) return;
  await db.query(
    `update addresses set
       is_default_shipping = is_default_shipping and not $2,
       is_default_billing = is_default_billing and not $3
     where user_id = $1 and ((is_default_shipping and $2) or (is_default_billing and $3))`,
    [userId, which.shipping, which.billing],
  );
}

const FIELD_PARAMS = (a: AddressFields) => [
  a.recipientSealed,
  a.line1Sealed,
  a.line2Sealed,
  a.phoneSealed,
  a.city,
  a.postalCode,
  a.region,
  a.country,
  a.isDefaultShipping,
  a.isDefaultBilling,
];

export async function insertAddress(
  db: SqlExecutor,
  id: string,
  userId: string,
  fields: AddressFields,
): Promise<StoredAddress> {
  const { rows } = await db.query<StoredAddress>(
    `insert into addresses (id, user_id, recipient_sealed, line1_sealed, line2_sealed, phone_sealed, city,
       postal_code, region, country, is_default_shipping, is_default_billing)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning ${COLUMNS}`,
    [id, userId, ...FIELD_PARAMS(fields)],
  );
  return rows[0]!;
}

export async function replaceAddress(
  db: SqlExecutor,
  id: string,
  userId: string,
  fields: AddressFields,
): Promise<StoredAddress | undefined> {
  const { rows } = await db.query<StoredAddress>(
    `update addresses set recipient_sealed = $3, line1_sealed = $4, line2_sealed = $5, phone_sealed = $6,
       city = $7, postal_code = $8, region = $9, country = $10, is_default_shipping = $11,
       is_default_billing = $12, updated_at = now()
     where id = $1 and user_id = $2 returning ${COLUMNS}`,
    [id, userId, ...FIELD_PARAMS(fields)],
  );
  return rows[0];
}

export async function deleteAddress(db: SqlExecutor, userId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('delete from addresses where id = $1 and user_id = $2', [id, userId]);
  return rowCount === 1;
}

/** The next batch (in id order, after afterId) of addresses with any sealed column under another key than the active one. */
export async function findAddressesToReseal(
  db: SqlExecutor,
  activeKeyId: string,
  afterId: string,
  limit: number,
) {
  const stale = SEALED_ADDRESS_COLUMNS.map(
    (column) => `(${column} is not null and ${column} not like $1 || ':%')`,
  );
  const { rows } = await db.query<StoredAddress>(
    `select ${COLUMNS} from addresses where (${stale.join(' or ')}) and id::text > $2
     order by id::text limit $3`,
    [activeKeyId, afterId, limit],
  );
  return rows;
}

/** Writes re-sealed values only if the row is unchanged since it was read (updated_at matches). */
export async function resealAddress(
  db: SqlExecutor,
  address: StoredAddress,
  sealed: Pick<StoredAddress, 'recipientSealed' | 'line1Sealed' | 'line2Sealed' | 'phoneSealed'>,
): Promise<void> {
  await db.query(
    `update addresses set recipient_sealed = $2, line1_sealed = $3, line2_sealed = $4, phone_sealed = $5
     where id = $1 and to_json(updated_at)#>>'{}' = $6`,
    [
      address.id,
      sealed.recipientSealed,
      sealed.line1Sealed,
      sealed.line2Sealed,
      sealed.phoneSealed,
      address.updatedAt,
    ],
  );
}
