// Addresses as stored: recipient, lines and phone sealed; timestamps as ISO strings.
import { type SqlExecutor, sql } from '@emporium/platform';

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

const COLUMNS =
  sql.raw(`id, user_id as "userId", recipient_sealed as "recipientSealed", line1_sealed as "line1Sealed",
  line2_sealed as "line2Sealed", phone_sealed as "phoneSealed", city, postal_code as "postalCode", region,
  country, is_default_shipping as "isDefaultShipping", is_default_billing as "isDefaultBilling",
  to_json(created_at)#>>'{}' as "createdAt", to_json(updated_at)#>>'{}' as "updatedAt"`);

export type AddressFields = Omit<StoredAddress, 'id' | 'userId' | 'createdAt' | 'updatedAt'>;

export async function listAddresses(db: SqlExecutor, userId: string): Promise<StoredAddress[]> {
  const { rows } = await db.query<StoredAddress>(
    sql`select ${COLUMNS} from addresses where user_id = ${userId} order by created_at, id`,
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
    sql`select ${COLUMNS} from addresses where id = ${id} and user_id = ${userId}`,
  );
  return rows[0];
}

export async function countAddresses(db: SqlExecutor, userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    sql`select count(*)::int as n from addresses where user_id = ${userId}`,
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
    sql`update addresses set
       is_default_shipping = is_default_shipping and not ${which.shipping},
       is_default_billing = is_default_billing and not ${which.billing}
     where user_id = ${userId}
       and ((is_default_shipping and ${which.shipping}) or (is_default_billing and ${which.billing}))`,
  );
}

export async function insertAddress(
  db: SqlExecutor,
  id: string,
  userId: string,
  fields: AddressFields,
): Promise<StoredAddress> {
  const { rows } = await db.query<StoredAddress>(
    sql`insert into addresses (id, user_id, recipient_sealed, line1_sealed, line2_sealed, phone_sealed, city,
       postal_code, region, country, is_default_shipping, is_default_billing)
     values (${id}, ${userId}, ${fields.recipientSealed}, ${fields.line1Sealed}, ${fields.line2Sealed},
       ${fields.phoneSealed}, ${fields.city}, ${fields.postalCode}, ${fields.region}, ${fields.country},
       ${fields.isDefaultShipping}, ${fields.isDefaultBilling})
     returning ${COLUMNS}`,
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
    sql`update addresses set recipient_sealed = ${fields.recipientSealed},
       line1_sealed = ${fields.line1Sealed}, line2_sealed = ${fields.line2Sealed},
       phone_sealed = ${fields.phoneSealed}, city = ${fields.city},
       postal_code = ${fields.postalCode}, region = ${fields.region}, country = ${fields.country},
       is_default_shipping = ${fields.isDefaultShipping}, is_default_billing = ${fields.isDefaultBilling},
       updated_at = now()
     where id = ${id} and user_id = ${userId} returning ${COLUMNS}`,
  );
  return rows[0];
}

export async function deleteAddress(db: SqlExecutor, userId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query(sql`delete from addresses where id = ${id} and user_id = ${userId}`);
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
    (column) => sql`(${sql.raw(column)} is not null and ${sql.raw(column)} not like ${activeKeyId} || ':%')`,
  );
  const { rows } = await db.query<StoredAddress>(
    sql`select ${COLUMNS} from addresses where (${sql.join(stale, ' or ')}) and id::text > ${afterId}
     order by id::text limit ${limit}`,
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
    sql`update addresses set recipient_sealed = ${sealed.recipientSealed}, line1_sealed = ${sealed.line1Sealed},
       line2_sealed = ${sealed.line2Sealed}, phone_sealed = ${sealed.phoneSealed}
     where id = ${address.id} and to_json(updated_at)#>>'{}' = ${address.updatedAt}`,
  );
}
